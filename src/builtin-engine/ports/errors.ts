/**
 * Why a published port could not be bound. Messages follow the Docker
 * Engine's wording where it has one ("Bind for 0.0.0.0:8080 failed: port is
 * already allocated"), so users and scripts recognise them.
 */

export type PortPublishErrorCode =
  | 'in-use' // EADDRINUSE
  | 'not-local' // EADDRNOTAVAIL: the host IP is not an address of this machine
  | 'denied' // EACCES: a port below 1024 without the privilege
  | 'invalid' // not an IP address, a port out of range
  | 'closed' // the proxy was closed, or the owner unpublished meanwhile
  | 'failed';

export class PortPublishError extends Error {
  override readonly name = 'PortPublishError';

  constructor(
    readonly code: PortPublishErrorCode,
    readonly hostIp: string,
    readonly hostPort: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** `1.2.3.4:80`, `[::1]:80`. */
export function hostAndPort(hostIp: string, port: number): string {
  return hostIp.includes(':') ? `[${hostIp}]:${port}` : `${hostIp}:${port}`;
}

const REASONS: Record<string, [PortPublishErrorCode, string]> = {
  EADDRINUSE: ['in-use', 'port is already allocated'],
  EADDRNOTAVAIL: ['not-local', 'cannot assign requested address (not an address of this host)'],
  EACCES: ['denied', 'permission denied'],
};

/** The error a failed bind/listen becomes. */
export function bindError(
  protocol: 'tcp' | 'udp',
  hostIp: string,
  hostPort: number,
  cause: unknown,
): PortPublishError {
  const errno = (cause as NodeJS.ErrnoException).code ?? '';
  const [code, reason] = REASONS[errno] ?? [
    'failed',
    cause instanceof Error ? cause.message : String(cause),
  ];
  const where = hostAndPort(hostIp, hostPort);
  const suffix = protocol === 'udp' ? '/udp' : '';
  return new PortPublishError(
    code,
    hostIp,
    hostPort,
    `Bind for ${where}${suffix} failed: ${reason}`,
    {
      cause,
    },
  );
}
