/**
 * Why a bridge, namespace, veth or firewall rule could not be set up or
 * removed. Messages name the object and quote the tool's own complaint,
 * because that complaint (`File exists`, `Operation not permitted`, …) is what
 * tells the user what to do next.
 */

export type NetworkErrorCode =
  | 'invalid-spec' // a name, address or prefix the driver refuses before running anything
  | 'conflict' // a host object with our name exists and is not what we would have made
  | 'command-failed'; // ip / iptables / nsenter failed

export class NetworkError extends Error {
  override readonly name = 'NetworkError';

  constructor(
    readonly code: NetworkErrorCode,
    /** The bridge, namespace or interface concerned. */
    readonly subject: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${subject}: ${reason}`, options);
  }
}

/** The stderr of a failed child process, else its message. */
export function describeFailure(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  if (typeof stderr === 'string' && stderr.trim() !== '') return stderr.trim();
  return error instanceof Error ? error.message : String(error);
}
