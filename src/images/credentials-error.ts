/**
 * A failure to obtain registry credentials. Its message names the registry,
 * the config file and the helper, never a username's password or a token:
 * helper output is only quoted when it looks like an error line, not JSON.
 */
export type CredentialsErrorCode =
  'helper-not-found' | 'helper-failed' | 'helper-output' | 'helper-timeout';

export class RegistryCredentialsError extends Error {
  override readonly name = 'RegistryCredentialsError';
  readonly code: CredentialsErrorCode;
  /** The config key / server URL the credentials were asked for. */
  readonly registry: string;
  readonly helper: string;

  constructor(
    message: string,
    details: { code: CredentialsErrorCode; registry: string; helper: string; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.registry = details.registry;
    this.helper = details.helper;
  }
}
