/**
 * Applies the scripts of iptables-rules.ts with iptables-save/-restore: one
 * read and one atomic write per change, serialized inside the process.
 *
 * Which iptables: the rules must land in the same backend as the Docker
 * Engine's, because a packet must pass FORWARD in every backend that has
 * rules (nf_tables and legacy x_tables hooks both run), so an ACCEPT of ours
 * in the other backend would not outweigh Docker's DROP policy. dockerd runs
 * the `iptables` it finds on PATH (on Debian the `update-alternatives` link,
 * iptables-nft since bookworm), and `iptables -V` names the backend that link
 * resolves to: that is our default. If Docker's chains are found only in the
 * other backend (dockerd started with another PATH or alternative), we follow
 * Docker there. Measured here: iptables v1.8.9 (nf_tables), Docker's chains
 * in nf_tables, legacy tables empty.
 */
import { NetworkError, describeFailure } from './errors.js';
import { runTool, type ToolResult } from './exec.js';
import {
  ownedLines,
  parseIptablesSave,
  planEnsureBridge,
  planRemoveBridge,
  planTeardown,
  type SavedTables,
} from './iptables-rules.js';
import { chainNames, ruleComment, type ChainNames, type NamePrefixes } from './names.js';
import type { BridgeSpec } from '../ports.js';

export interface IptablesBackend {
  readonly variant: 'nft' | 'legacy' | 'unknown';
  readonly save: string;
  readonly restore: string;
  /** Why this backend was chosen (for logs and `engine status`). */
  readonly reason: string;
}

function variantOf(versionLine: string): IptablesBackend['variant'] {
  if (versionLine.includes('nf_tables')) return 'nft';
  if (versionLine.includes('legacy')) return 'legacy';
  return 'unknown';
}

function named(variant: 'nft' | 'legacy', reason: string): IptablesBackend {
  return {
    variant,
    save: `iptables-${variant}-save`,
    restore: `iptables-${variant}-restore`,
    reason,
  };
}

async function hasDockerChains(save: string): Promise<boolean> {
  const result = await runTool(save, ['-t', 'filter']).catch(() => undefined);
  return result !== undefined && /^:DOCKER(-USER)? /m.test(result.stdout);
}

/** Picks the iptables backend (see the module comment). */
export async function detectIptablesBackend(): Promise<IptablesBackend> {
  const version = await runTool('iptables', ['-V']);
  const variant = variantOf(version.stdout + version.stderr);
  const fallback: IptablesBackend = {
    variant,
    save: 'iptables-save',
    restore: 'iptables-restore',
    reason: `default iptables (${version.stdout.trim()})`,
  };
  if (variant === 'unknown' || (await hasDockerChains(fallback.save))) {
    return variant === 'unknown'
      ? fallback
      : { ...fallback, reason: `${fallback.reason}, as Docker's` };
  }
  const other = variant === 'nft' ? 'legacy' : 'nft';
  if (await hasDockerChains(`iptables-${other}-save`)) {
    return named(other, `Docker's chains are in iptables-${other}`);
  }
  return fallback;
}

/** The engine's own chains in one iptables backend. */
export class Firewall {
  private readonly chains: ChainNames;
  private backend: Promise<IptablesBackend> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly prefixes: NamePrefixes,
    backend?: IptablesBackend,
  ) {
    this.chains = chainNames(prefixes);
    if (backend !== undefined) this.backend = Promise.resolve(backend);
  }

  chainNames(): ChainNames {
    return this.chains;
  }

  resolveBackend(): Promise<IptablesBackend> {
    this.backend ??= detectIptablesBackend();
    return this.backend;
  }

  /** Runs `task` after every earlier one: read-modify-write must not interleave. */
  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async read(): Promise<SavedTables> {
    const backend = await this.resolveBackend();
    return parseIptablesSave((await runTool(backend.save, [])).stdout);
  }

  private async apply(script: string): Promise<ToolResult | undefined> {
    if (script === '') return undefined;
    const backend = await this.resolveBackend();
    try {
      // --noflush: only the listed changes; -w: wait for the xtables lock Docker also takes.
      return await runTool(backend.restore, ['-w', '--noflush'], script);
    } catch (error) {
      throw new NetworkError(
        'command-failed',
        `firewall (${backend.restore})`,
        describeFailure(error),
        {
          cause: error,
        },
      );
    }
  }

  ensureBridge(spec: Pick<BridgeSpec, 'bridge' | 'subnet' | 'internal'>): Promise<void> {
    return this.serialized(async () => {
      const comment = ruleComment(this.prefixes, spec.bridge);
      await this.apply(planEnsureBridge(await this.read(), this.chains, comment, spec));
    });
  }

  removeBridge(bridge: string): Promise<void> {
    return this.serialized(async () => {
      const comment = ruleComment(this.prefixes, bridge);
      await this.apply(planRemoveBridge(await this.read(), this.chains, comment));
    });
  }

  teardown(): Promise<void> {
    return this.serialized(async () => {
      await this.apply(planTeardown(await this.read(), this.chains));
    });
  }

  /** Everything of ours in the tables (empty after teardown); for checks and `engine status`. */
  async owned(): Promise<string[]> {
    return ownedLines(await this.read(), this.chains);
  }
}
