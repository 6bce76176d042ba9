import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  describeEndpoint,
  DockerEndpointError,
  resolveDockerEndpoint,
} from '../../../src/engine/docker/connection.js';
import { contextDirName } from '../../../src/engine/docker/docker-context.js';

let home: string;
let configDir: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'tscompose-conn-'));
  configDir = join(home, '.docker');
  mkdirSync(configDir, { recursive: true });
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function writeContext(
  name: string,
  docker: Record<string, unknown>,
  tlsFiles: string[] = [],
  dir = configDir,
): void {
  const hash = contextDirName(name);
  const metaDir = join(dir, 'contexts', 'meta', hash);
  mkdirSync(metaDir, { recursive: true });
  writeFileSync(
    join(metaDir, 'meta.json'),
    JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker } }),
  );
  if (tlsFiles.length > 0) {
    const tlsDir = join(dir, 'contexts', 'tls', hash, 'docker');
    mkdirSync(tlsDir, { recursive: true });
    for (const file of tlsFiles) writeFileSync(join(tlsDir, file), 'pem');
  }
}

const resolve = (env: NodeJS.ProcessEnv) => resolveDockerEndpoint(env, { homeDir: home });

describe('resolveDockerEndpoint: DOCKER_HOST', () => {
  it('uses the default socket when nothing is configured', () => {
    expect(resolve({})).toEqual({
      kind: 'unix',
      socketPath: '/var/run/docker.sock',
      source: 'default',
    });
  });

  it('reads a unix socket path, and falls back to the default path for a bare unix://', () => {
    expect(resolve({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' })).toEqual({
      kind: 'unix',
      socketPath: '/run/user/1000/docker.sock',
      source: 'DOCKER_HOST',
    });
    expect(resolve({ DOCKER_HOST: 'unix://' })).toMatchObject({
      socketPath: '/var/run/docker.sock',
    });
  });

  it('reads tcp hosts, with or without a scheme, defaulting to port 2375 without TLS', () => {
    expect(resolve({ DOCKER_HOST: 'tcp://10.0.0.5:1234' })).toEqual({
      kind: 'tcp',
      host: '10.0.0.5',
      port: 1234,
      tls: undefined,
      source: 'DOCKER_HOST',
    });
    expect(resolve({ DOCKER_HOST: 'example.test:4243' })).toMatchObject({
      kind: 'tcp',
      host: 'example.test',
      port: 4243,
    });
    expect(resolve({ DOCKER_HOST: 'tcp://example.test' })).toMatchObject({
      port: 2375,
      tls: undefined,
    });
  });

  it('strips the brackets of an IPv6 host and puts them back when describing it', () => {
    const endpoint = resolve({ DOCKER_HOST: 'tcp://[::1]:2375' });
    expect(endpoint).toMatchObject({ kind: 'tcp', host: '::1', port: 2375 });
    expect(describeEndpoint(endpoint)).toBe('tcp://[::1]:2375');
  });

  it('enables TLS for any non-empty DOCKER_TLS_VERIFY, certs from DOCKER_CERT_PATH, port 2376 by default', () => {
    const endpoint = resolve({
      DOCKER_HOST: 'tcp://example.test',
      DOCKER_TLS_VERIFY: '0',
      DOCKER_CERT_PATH: '/certs',
    });
    expect(endpoint).toEqual({
      kind: 'tcp',
      host: 'example.test',
      port: 2376,
      tls: { ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem', verify: true },
      source: 'DOCKER_HOST',
    });
  });

  it('takes TLS certs from the config dir when DOCKER_CERT_PATH is unset', () => {
    expect(resolve({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' })).toMatchObject({
      tls: { ca: join(configDir, 'ca.pem') },
    });
    expect(
      resolve({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CONFIG: '/cfg' }),
    ).toMatchObject({
      tls: { key: '/cfg/key.pem' },
    });
  });

  it('treats an empty DOCKER_TLS_VERIFY as off and DOCKER_CERT_PATH alone as no TLS', () => {
    expect(resolve({ DOCKER_HOST: 'tcp://h:2375', DOCKER_TLS_VERIFY: '' })).toMatchObject({
      tls: undefined,
    });
    expect(resolve({ DOCKER_HOST: 'tcp://h:2375', DOCKER_CERT_PATH: '/certs' })).toMatchObject({
      tls: undefined,
    });
  });

  it('reads ssh hosts with user, port and the agent socket', () => {
    const env = { DOCKER_HOST: 'ssh://deploy@build.test:2222', SSH_AUTH_SOCK: '/tmp/agent.sock' };
    const endpoint = resolve(env);
    expect(endpoint).toEqual({
      kind: 'ssh',
      host: 'build.test',
      port: 2222,
      username: 'deploy',
      agentSocket: '/tmp/agent.sock',
      source: 'DOCKER_HOST',
    });
    expect(describeEndpoint(endpoint)).toBe('ssh://deploy@build.test:2222');
    expect(resolve({ DOCKER_HOST: 'ssh://build.test' })).toMatchObject({
      port: 22,
      username: undefined,
    });
    expect(describeEndpoint(resolve({ DOCKER_HOST: 'ssh://build.test' }))).toBe('ssh://build.test');
  });

  it('rejects named pipes, unknown schemes and bad ports with a DockerEndpointError', () => {
    for (const value of [
      'npipe:////./pipe/docker_engine',
      'http://h:2375',
      'tcp://h:99999',
      'tcp://',
    ]) {
      expect(() => resolve({ DOCKER_HOST: value }), value).toThrow(DockerEndpointError);
    }
  });

  it('lets DOCKER_HOST win over DOCKER_CONTEXT and currentContext', () => {
    writeContext('remote', { Host: 'tcp://remote.test:2375' });
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({ currentContext: 'remote' }));
    expect(resolve({ DOCKER_HOST: 'unix:///x.sock', DOCKER_CONTEXT: 'remote' })).toMatchObject({
      socketPath: '/x.sock',
    });
  });
});

describe('resolveDockerEndpoint: contexts', () => {
  it('stores contexts under the sha256 of their name', () => {
    // The well-known directory of the CLI's "default" context.
    expect(contextDirName('default')).toBe(
      '37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f',
    );
  });

  it('uses DOCKER_CONTEXT, reading Endpoints.docker.Host from its meta.json', () => {
    writeContext('remote', { Host: 'tcp://remote.test:2375', SkipTLSVerify: false });
    expect(resolve({ DOCKER_CONTEXT: 'remote' })).toEqual({
      kind: 'tcp',
      host: 'remote.test',
      port: 2375,
      tls: undefined,
      source: 'context remote',
    });
  });

  it('uses currentContext from config.json, and DOCKER_CONTEXT wins over it', () => {
    writeContext('colima', { Host: 'unix:///home/me/.colima/docker.sock' });
    writeContext('other', { Host: 'unix:///other.sock' });
    writeFileSync(
      join(configDir, 'config.json'),
      JSON.stringify({ currentContext: 'colima', auths: {} }),
    );
    expect(resolve({})).toEqual({
      kind: 'unix',
      socketPath: '/home/me/.colima/docker.sock',
      source: 'context colima',
    });
    expect(resolve({ DOCKER_CONTEXT: 'other' })).toMatchObject({
      socketPath: '/other.sock',
      source: 'context other',
    });
  });

  it('reads config.json from DOCKER_CONFIG instead of ~/.docker', () => {
    const elsewhere = join(home, 'elsewhere');
    mkdirSync(elsewhere);
    writeContext('ci', { Host: 'tcp://ci.test:2375' }, [], elsewhere);
    writeFileSync(join(elsewhere, 'config.json'), JSON.stringify({ currentContext: 'ci' }));
    expect(resolve({ DOCKER_CONFIG: elsewhere })).toMatchObject({
      host: 'ci.test',
      source: 'context ci',
    });
    expect(resolve({})).toMatchObject({ source: 'default' });
  });

  it('treats the context named "default" and a config without currentContext as the default socket', () => {
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({ currentContext: 'default' }));
    expect(resolve({})).toMatchObject({ kind: 'unix', source: 'default' });
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({ auths: {} }));
    expect(resolve({})).toMatchObject({ kind: 'unix', source: 'default' });
  });

  it('uses the default socket for a context without a docker Host', () => {
    writeContext('empty', {});
    expect(resolve({ DOCKER_CONTEXT: 'empty' })).toEqual({
      kind: 'unix',
      socketPath: '/var/run/docker.sock',
      source: 'context empty',
    });
  });

  it('takes TLS material from contexts/tls/<hash>/docker and honours SkipTLSVerify', () => {
    writeContext('secure', { Host: 'tcp://secure.test', SkipTLSVerify: false }, [
      'ca.pem',
      'cert.pem',
      'key.pem',
    ]);
    const tlsDir = join(configDir, 'contexts', 'tls', contextDirName('secure'), 'docker');
    expect(resolve({ DOCKER_CONTEXT: 'secure' })).toMatchObject({
      port: 2376,
      tls: {
        ca: join(tlsDir, 'ca.pem'),
        cert: join(tlsDir, 'cert.pem'),
        key: join(tlsDir, 'key.pem'),
        verify: true,
      },
    });
    writeContext('loose', { Host: 'tcp://loose.test:2376', SkipTLSVerify: true }, ['ca.pem']);
    expect(resolve({ DOCKER_CONTEXT: 'loose' })).toMatchObject({ tls: { verify: false } });
  });

  it('fails with a message naming a context that does not exist', () => {
    expect(() => resolve({ DOCKER_CONTEXT: 'ghost' })).toThrow(
      /Docker context "ghost" does not exist/,
    );
  });

  it('fails with the file name when config.json is not JSON', () => {
    writeFileSync(join(configDir, 'config.json'), '{ not json');
    expect(() => resolve({})).toThrow(DockerEndpointError);
    expect(() => resolve({})).toThrow(join(configDir, 'config.json'));
  });
});
