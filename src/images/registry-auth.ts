/**
 * Registry credentials as a value that cannot be printed. A `RegistryAuth`
 * keeps its secret in a private field: `JSON.stringify`, `console.log`,
 * `util.inspect`, `String()` and template literals all show `<redacted>`.
 * The only way out is `toEngineAuth()`, the Engine API's auth config for the
 * `X-Registry-Auth` header, to be handed straight to the engine.
 */
import { inspect } from 'node:util';

export const REDACTED = '<redacted>';

/** Where the credentials came from; shown in messages instead of the credentials. */
export type AuthSource =
  | { readonly kind: 'config'; readonly file: string; readonly key: string }
  | { readonly kind: 'helper'; readonly helper: string; readonly file: string };

type Secret =
  | { readonly kind: 'password'; readonly username: string; readonly password: string }
  | { readonly kind: 'identity-token'; readonly token: string }
  | { readonly kind: 'registry-token'; readonly token: string };

/**
 * The Engine API's AuthConfig (`{username, password, serveraddress}`,
 * `{identitytoken, serveraddress}` or `{registrytoken, serveraddress}`).
 * Its own enumerable fields carry the secret, because the backend serialises a
 * copy of it (`{...auth}`) into the header; the object itself also redacts
 * when printed (non-enumerable `toJSON`, `toString`, inspect), and those
 * redactors do not survive the backend's spread copy.
 */
export type EngineAuthConfig = Readonly<Record<string, string>>;

function defineRedactors(target: object, describe: () => string, safe: () => object): void {
  const hidden = { enumerable: false, configurable: false, writable: false } as const;
  Object.defineProperty(target, 'toJSON', { ...hidden, value: safe });
  Object.defineProperty(target, 'toString', { ...hidden, value: describe });
  Object.defineProperty(target, inspect.custom, { ...hidden, value: safe });
}

export class RegistryAuth {
  readonly #secret: Secret;

  constructor(
    /** The config key / server URL these credentials are for (`127.0.0.1:5000`, `https://index.docker.io/v1/`). */
    readonly serverAddress: string,
    secret: Secret,
    readonly source: AuthSource,
  ) {
    this.#secret = secret;
  }

  static password(
    serverAddress: string,
    username: string,
    password: string,
    source: AuthSource,
  ): RegistryAuth {
    return new RegistryAuth(serverAddress, { kind: 'password', username, password }, source);
  }

  static identityToken(serverAddress: string, token: string, source: AuthSource): RegistryAuth {
    return new RegistryAuth(serverAddress, { kind: 'identity-token', token }, source);
  }

  static registryToken(serverAddress: string, token: string, source: AuthSource): RegistryAuth {
    return new RegistryAuth(serverAddress, { kind: 'registry-token', token }, source);
  }

  get kind(): Secret['kind'] {
    return this.#secret.kind;
  }

  /** Not a secret (Docker prints it too); undefined for tokens. */
  get username(): string | undefined {
    return this.#secret.kind === 'password' ? this.#secret.username : undefined;
  }

  /** Where the credentials came from, for messages: `auths["x"] in /h/.docker/config.json`. */
  describeSource(): string {
    return this.source.kind === 'config'
      ? `auths["${this.source.key}"] in ${this.source.file}`
      : `credential helper docker-credential-${this.source.helper} (${this.source.file})`;
  }

  /** The auth config for the engine (`X-Registry-Auth`). Hand it to the engine; never keep or print it. */
  toEngineAuth(): EngineAuthConfig {
    const secret = this.#secret;
    const fields: Record<string, string> =
      secret.kind === 'password'
        ? { username: secret.username, password: secret.password }
        : secret.kind === 'identity-token'
          ? { identitytoken: secret.token }
          : { registrytoken: secret.token };
    const config: Record<string, string> = { ...fields, serveraddress: this.serverAddress };
    defineRedactors(
      config,
      () => this.toString(),
      () => this.toJSON(),
    );
    return Object.freeze(config);
  }

  /** The `X-Registry-Auth` header value: base64url of the JSON auth config. */
  encodeHeader(): string {
    return Buffer.from(JSON.stringify({ ...this.toEngineAuth() })).toString('base64url');
  }

  toJSON(): Record<string, string> {
    const secretField =
      this.#secret.kind === 'password'
        ? 'password'
        : this.#secret.kind === 'identity-token'
          ? 'identitytoken'
          : 'registrytoken';
    return {
      serveraddress: this.serverAddress,
      ...(this.username !== undefined ? { username: this.username } : {}),
      [secretField]: REDACTED,
    };
  }

  toString(): string {
    const who = this.username !== undefined ? `user ${this.username}` : this.kind;
    return `credentials for ${this.serverAddress} (${who}, from ${this.describeSource()})`;
  }

  [inspect.custom](): Record<string, string> {
    return this.toJSON();
  }
}
