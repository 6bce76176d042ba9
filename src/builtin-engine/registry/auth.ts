/**
 * Answers a registry's 401 challenge (distribution's token auth spec):
 * `Basic` → the user's password; `Bearer realm,service,scope` → a token from
 * the realm, asked for with the user's password (Basic), with an identity
 * token (OAuth2 refresh_token grant, as the Docker CLI does), or anonymously.
 * A registry token from config.json is sent as the bearer token directly.
 * The result is an Authorization header value for the following requests.
 */
import type { RegistryAuth } from '../../images/registry-auth.js';
import { describeErrorBody, pullError, type ErrorContext } from './errors.js';
import { readText, type HttpTransport } from './http.js';
import type { Challenge } from './www-authenticate.js';

export type Secret =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'password'; readonly username: string; readonly password: string }
  | { readonly kind: 'identity-token'; readonly token: string }
  | { readonly kind: 'registry-token'; readonly token: string };

/** The secret inside a `RegistryAuth` (its one exit is the engine auth config). */
export function secretOf(auth: RegistryAuth | undefined): Secret {
  if (auth === undefined) return { kind: 'anonymous' };
  const config = auth.toEngineAuth();
  if (auth.kind === 'password') {
    return {
      kind: 'password',
      username: config['username'] ?? '',
      password: config['password'] ?? '',
    };
  }
  if (auth.kind === 'identity-token') {
    return { kind: 'identity-token', token: config['identitytoken'] ?? '' };
  }
  return { kind: 'registry-token', token: config['registrytoken'] ?? '' };
}

export function secretValues(secret: Secret): string[] {
  switch (secret.kind) {
    case 'anonymous':
      return [];
    case 'password':
      return [secret.password, basicValue(secret.username, secret.password)];
    case 'identity-token':
    case 'registry-token':
      return [secret.token];
  }
}

function basicValue(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`).toString('base64');
}

/** The header to send before any challenge: only a registry token is usable blind. */
export function initialAuthorization(secret: Secret): string | undefined {
  return secret.kind === 'registry-token' ? `Bearer ${secret.token}` : undefined;
}

const TOKEN_LIMIT = 1 << 20;

export interface ChallengeInput {
  readonly challenges: readonly Challenge[];
  readonly secret: Secret;
  /** `repository:team/app:pull`. */
  readonly scope: string;
  readonly context: ErrorContext;
  readonly transport: HttpTransport;
  readonly signal?: AbortSignal;
}

/** The Authorization header value that answers the challenge; throws `unauthorized` when none can. */
export async function answerChallenge(input: ChallengeInput): Promise<string> {
  const bearer = input.challenges.find((challenge) => challenge.scheme === 'bearer');
  if (bearer !== undefined) return `Bearer ${await fetchToken(bearer, input)}`;
  const basic = input.challenges.find((challenge) => challenge.scheme === 'basic');
  if (basic !== undefined) {
    if (input.secret.kind !== 'password') {
      throw pullError(
        input.context,
        'unauthorized',
        'the registry asks for a user name and password',
      );
    }
    return `Basic ${basicValue(input.secret.username, input.secret.password)}`;
  }
  const schemes = input.challenges.map((challenge) => challenge.scheme).join(', ');
  throw pullError(
    input.context,
    'unauthorized',
    schemes === ''
      ? 'authentication required, and the registry named no way to authenticate'
      : `authentication required by a scheme this client does not speak (${schemes})`,
  );
}

function tokenUrl(challenge: Challenge, input: ChallengeInput): URL {
  const realm = challenge.params['realm'];
  let url: URL | undefined;
  try {
    url = realm === undefined ? undefined : new URL(realm);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw pullError(
      input.context,
      'invalid-response',
      'the Bearer challenge has no usable realm URL',
    );
  }
  return url;
}

function scopesOf(challenge: Challenge, input: ChallengeInput): string[] {
  const offered = challenge.params['scope'];
  return offered === undefined || offered === input.scope ? [input.scope] : [input.scope, offered];
}

async function fetchToken(challenge: Challenge, input: ChallengeInput): Promise<string> {
  const url = tokenUrl(challenge, input);
  const service = challenge.params['service'];
  const scopes = scopesOf(challenge, input);
  const secret = input.secret;
  const base = { signal: input.signal } as const;
  let response;
  try {
    if (secret.kind === 'identity-token') {
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: secret.token,
      });
      form.set('client_id', 'tscompose');
      if (service !== undefined) form.set('service', service);
      form.set('scope', scopes.join(' '));
      response = await input.transport({
        ...base,
        method: 'POST',
        url: url.href,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
    } else {
      if (service !== undefined) url.searchParams.set('service', service);
      for (const scope of scopes) url.searchParams.append('scope', scope);
      if (secret.kind === 'password') url.searchParams.set('account', secret.username);
      const headers: Record<string, string> =
        secret.kind === 'password'
          ? { Authorization: `Basic ${basicValue(secret.username, secret.password)}` }
          : {};
      response = await input.transport({ ...base, method: 'GET', url: url.href, headers });
    }
  } catch (error) {
    throw pullError(
      input.context,
      'unreachable',
      `cannot reach the token server ${url.origin}: ${(error as Error).message}`,
      error,
    );
  }
  const body = await readText(response.body, TOKEN_LIMIT).catch(() => '');
  if (response.status === 401 || response.status === 403) {
    const why = describeErrorBody(body) ?? 'the token server refused the credentials';
    throw pullError(input.context, 'unauthorized', `${why} (token server ${url.origin})`);
  }
  if (response.status !== 200) {
    throw pullError(
      input.context,
      'invalid-response',
      `token server ${url.origin} answered HTTP ${response.status}`,
    );
  }
  let token: unknown;
  try {
    const parsed = JSON.parse(body) as { token?: unknown; access_token?: unknown };
    token = parsed.token ?? parsed.access_token;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || token === '') {
    throw pullError(input.context, 'invalid-response', `token server ${url.origin} sent no token`);
  }
  return token;
}
