/** How the runtime driver (driver.ts) is set up, and its defaults. */
import type { RuntimeName } from './oci-runtime.js';

export interface OciDriverOptions {
  /** The OCI runtime new containers run on (see chooseRuntime in select.ts). */
  readonly runtime?: RuntimeName;
  /** Its binary; the default is Debian's path. */
  readonly runtimeBinary?: string;
  readonly conmon?: string;
  /**
   * The runtimes' state roots are `<stateRoot>/runc` and `<stateRoot>/crun`:
   * ours alone, so Docker's and podman's containers never show up, and one
   * per runtime, as their state files differ.
   */
  readonly stateRoot?: string;
  /** cgroup parent of every container (`<parent>/<id>` in each hierarchy). */
  readonly cgroupParent?: string;
  /** Carries attach stdin to conmon's SOCK_SEQPACKET socket (see attach.ts). */
  readonly socat?: string;
}

export const DEFAULTS = {
  runtime: 'runc',
  conmon: '/usr/bin/conmon',
  stateRoot: '/run/tscompose',
  cgroupParent: '/tscompose',
  socat: 'socat',
} as const;
