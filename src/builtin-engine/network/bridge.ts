/**
 * The Linux bridge of one network, with the gateway address on it. Made in
 * one `ip -batch`; an existing bridge is corrected in place (a restarted
 * daemon finds its bridges still there), never deleted and re-made, so the
 * containers already enslaved to it keep their links.
 */
import { NetworkError, describeFailure } from './errors.js';
import { hostLink, ipHost, isNotFound } from './ip.js';

/**
 * Makes the bridge or brings an existing one to `gateway/prefixLength` and
 * up; resolves with whether it found the bridge as it should be.
 */
export async function ensureBridgeLink(
  bridge: string,
  gateway: string,
  prefixLength: number,
): Promise<'intact' | 'changed'> {
  const address = `${gateway}/${prefixLength}`;
  const batch = async (lines: string[]) => {
    if (lines.length === 0) return 'intact';
    try {
      await ipHost([], lines);
      return 'changed';
    } catch (error) {
      throw new NetworkError('command-failed', `bridge ${bridge}`, describeFailure(error), {
        cause: error,
      });
    }
  };
  const link = await hostLink(bridge);
  if (link === undefined) {
    try {
      await ipHost(
        [],
        [
          `link add ${bridge} type bridge`,
          `addr add ${address} dev ${bridge}`,
          `link set ${bridge} up`,
        ],
      );
      return 'changed';
    } catch (error) {
      // Another process made it between our look and our add: correct it below.
      if (!describeFailure(error).includes('File exists')) {
        throw new NetworkError('command-failed', `bridge ${bridge}`, describeFailure(error), {
          cause: error,
        });
      }
    }
  }
  const current = link ?? (await hostLink(bridge));
  if (current === undefined) {
    throw new NetworkError('command-failed', `bridge ${bridge}`, 'vanished while being made');
  }
  if (current.kind !== 'bridge') {
    throw new NetworkError(
      'conflict',
      `bridge ${bridge}`,
      `a ${current.kind ?? 'network'} interface of that name exists and is not a bridge`,
    );
  }
  // A leftover of ours with another subnet (the network was re-made): the
  // address the spec asks for is the one that counts.
  return batch([
    ...current.ipv4
      .filter((other) => other !== address)
      .map((other) => `addr del ${other} dev ${bridge}`),
    ...(current.ipv4.includes(address) ? [] : [`addr add ${address} dev ${bridge}`]),
    ...(current.up ? [] : [`link set ${bridge} up`]),
  ]);
}

/** Deletes the bridge (its ports are released, not deleted); nothing when absent. */
export async function removeBridgeLink(bridge: string): Promise<void> {
  const link = await hostLink(bridge);
  if (link === undefined) return;
  if (link.kind !== 'bridge') {
    throw new NetworkError(
      'conflict',
      `bridge ${bridge}`,
      `a ${link.kind ?? 'network'} interface of that name exists and is not a bridge; left alone`,
    );
  }
  try {
    await ipHost(['link', 'del', bridge]);
  } catch (error) {
    if (isNotFound(error)) return;
    throw new NetworkError('command-failed', `bridge ${bridge}`, describeFailure(error), {
      cause: error,
    });
  }
}
