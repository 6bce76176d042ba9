/**
 * The planner's values: what the engine reports for one project (`ActualState`),
 * what the user asked for (`PlanOptions`), and the decided `Plan`. All plain
 * data: a plan can be printed, saved as JSON and compared in tests.
 */
import type {
  ContainerSpec,
  ContainerState,
  HealthState,
  NetworkSpec,
  VolumeSpec,
} from '../engine/types.js';
import type { ImageBuildSpec } from '../images/build-spec.js';

// ---------------------------------------------------------------- observed

export interface ObservedContainer {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  /** `com.docker.compose.container-number`. */
  readonly number: number;
  readonly oneoff: boolean;
  readonly state: ContainerState;
  readonly health?: HealthState;
  readonly exitCode?: number;
  readonly imageId: string;
  /** `com.docker.compose.config-hash`; `undefined` when the label is missing. */
  readonly configHash?: string;
  /** `com.docker.compose.image`: the image digest/id recorded at creation. */
  readonly imageLabel?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly networks: readonly string[];
  readonly volumes: readonly string[];
  readonly created: number;
}

export interface ObservedNetwork {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly configHash?: string;
}

export interface ObservedVolume {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly configHash?: string;
}

export interface ObservedImage {
  readonly id: string;
  /** Milliseconds since the epoch, like `UpPlanOptions.now`. */
  readonly created: number;
  /** When it was last pulled or tagged (ms since the epoch); refresh pull policies compare against it. */
  readonly lastTagTime?: number;
}

/** One snapshot of a project as the engine reports it. */
export interface ActualState {
  readonly project: string;
  /** Containers carrying the project label (one-off containers included, flagged). */
  readonly containers: readonly ObservedContainer[];
  /** Networks and volumes by engine-side name: the project's own, and any the project names (external or not) that exist. */
  readonly networks: Readonly<Record<string, ObservedNetwork>>;
  readonly volumes: Readonly<Record<string, ObservedVolume>>;
  /** Images the services reference, by reference as written (`busybox:latest`); absent = not present locally. */
  readonly images: Readonly<Record<string, ObservedImage>>;
}

// ---------------------------------------------------------------- options

export type RecreatePolicy = 'diverged' | 'force' | 'never';
export type PullPolicy =
  'always' | 'missing' | 'never' | 'build' | 'daily' | 'weekly' | `every_${string}`;

export interface UpPlanOptions {
  readonly kind: 'up';
  /** Services named on the command line; empty = all. */
  readonly services: readonly string[];
  readonly noDeps: boolean;
  /** `--force-recreate` → force, `--no-recreate` → never, else diverged. */
  readonly recreate: RecreatePolicy;
  /** Policy for dependencies that were not named: `--always-recreate-deps` → force. */
  readonly recreateDependencies: RecreatePolicy;
  readonly renewAnonVolumes: boolean;
  readonly scale: Readonly<Record<string, number>>;
  readonly removeOrphans: boolean;
  /** `--build` → 'always', `--no-build` → 'never', else 'auto' (build when the image is missing). */
  readonly build: 'always' | 'never' | 'auto';
  /** `--pull`; undefined = each service's `pull_policy`. */
  readonly pull?: PullPolicy;
  readonly noStart: boolean;
  /** Injected clock (ms since epoch) for daily/weekly/every_ pull policies: the planner never reads the time itself. */
  readonly now: number;
}

export interface DownPlanOptions {
  readonly kind: 'down';
  readonly services: readonly string[];
  readonly removeOrphans: boolean;
  /** `-v`: named and anonymous volumes of the project. */
  readonly volumes: boolean;
  readonly rmi?: 'local' | 'all';
  readonly timeoutSeconds?: number;
}

export type PlanOptions = UpPlanOptions | DownPlanOptions;

// ---------------------------------------------------------------- the plan

interface ActionBase {
  /** Stable, readable id: `network:default`, `container:web:1`, `container:web:1:start`. */
  readonly id: string;
  /** Ids of the actions that must be done before this one. */
  readonly after: readonly string[];
  /** Why, for a human: "env FOO changed", "scale 3 -> 1", "orphan (service removed from compose file)". */
  readonly reason: string;
  /** Field-level changes behind a recreate, secret-looking values masked. */
  readonly changes?: readonly {
    readonly field: string;
    readonly from?: string;
    readonly to?: string;
  }[];
}

export type Action = ActionBase &
  (
    | { readonly type: 'network.create'; readonly network: string; readonly spec: NetworkSpec }
    | {
        readonly type: 'network.remove';
        readonly network: string;
        readonly name: string;
        /**
         * When containers the plan does not remove are still attached: `keep` the network
         * with a warning (`down`, as Docker Compose), or `fail` (the default: a recreate
         * must not go on with the old network).
         */
        readonly whenInUse?: 'keep' | 'fail';
      }
    | { readonly type: 'volume.create'; readonly volume: string; readonly spec: VolumeSpec }
    | { readonly type: 'volume.remove'; readonly volume: string; readonly name: string }
    | {
        readonly type: 'image.pull';
        readonly service: string;
        readonly image: string;
        /** `platform:` of the service. */
        readonly platform?: string;
        /**
         * A failed pull: `build` the image instead (compose pulls first, builds when that
         * fails), or `ignore` it with a warning; absent = the action fails.
         */
        readonly onFailure?:
          { readonly kind: 'build'; readonly build: ImageBuildSpec } | { readonly kind: 'ignore' };
      }
    | {
        readonly type: 'image.build';
        readonly service: string;
        readonly image: string;
        readonly build: ImageBuildSpec;
      }
    /** `push`, `build --push`: a failure is a warning with `ignoreFailure` (`--ignore-push-failures`). */
    | {
        readonly type: 'image.push';
        readonly service: string;
        readonly image: string;
        readonly ignoreFailure?: boolean;
      }
    | { readonly type: 'image.remove'; readonly image: string }
    | {
        readonly type: 'container.create';
        readonly service: string;
        readonly number: number;
        readonly spec: ContainerSpec;
      }
    /** New before old: create under a temporary name, stop and remove the old one, rename the new one. */
    | {
        readonly type: 'container.recreate';
        readonly service: string;
        readonly number: number;
        readonly containerId: string;
        readonly spec: ContainerSpec;
      }
    | {
        readonly type: 'container.start';
        readonly service: string;
        readonly number: number;
        readonly name: string;
      }
    | {
        readonly type: 'container.stop';
        readonly service: string;
        readonly number: number;
        readonly containerId: string;
        readonly name: string;
      }
    | {
        readonly type: 'container.remove';
        readonly service: string;
        readonly number: number;
        readonly containerId: string;
        readonly name: string;
        readonly volumes: boolean;
      }
    /** Wait for a dependency's condition before its dependents start. */
    | {
        readonly type: 'container.wait';
        readonly service: string;
        readonly condition:
          'service_healthy' | 'service_completed_successfully' | 'service_started';
        readonly required: boolean;
      }
  );

export type ActionType = Action['type'];

/** A plan that cannot be applied safely stops with a blocker, never a guess (e.g. a changed volume). */
export interface PlanBlocker {
  readonly resource: string;
  readonly message: string;
  readonly hint: string;
}

export interface Plan {
  readonly project: string;
  readonly kind: 'up' | 'down';
  readonly actions: readonly Action[];
  /** Resources left as they are, with why, for `plan --verbose`. */
  readonly unchanged: readonly { readonly id: string; readonly reason: string }[];
  readonly warnings: readonly string[];
  readonly blockers: readonly PlanBlocker[];
}
