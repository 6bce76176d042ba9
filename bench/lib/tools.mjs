// The tools under test: how each one spells a step, whether it can run here, how to clean up
// after it. A step is one of: up, up-wait, down, down-v, ps, config-q, version.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { builtinEnv, builtinProblem, installBuiltinDeps } from './builtin-engine.mjs';

const has = (name) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
const ok = (command, args, options = {}) =>
  spawnSync(command, args, { stdio: 'ignore', ...options }).status === 0;
const output = (command, args, env) =>
  spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env } })
    .stdout.trim()
    .split('\n')[0];

/** Compose-style CLIs take the same flags for the steps measured here. */
function composeArgs(step, { file, project }) {
  const base = ['-f', file, '-p', project];
  switch (step) {
    case 'up':
      return [...base, 'up', '-d'];
    case 'down':
      return [...base, 'down'];
    case 'down-v':
      return [...base, 'down', '-v'];
    case 'ps':
      return [...base, 'ps'];
    case 'config-q':
      return [...base, 'config', '-q'];
    case 'version':
      return ['--version'];
    default:
      return undefined;
  }
}

/**
 * The same tool against the private built-in engine daemon the harness starts
 * (bench/lib/builtin-engine.mjs): its DOCKER_HOST, engine `builtin`, and the built-in engine's
 * requirements on top of the tool's own.
 */
function onBuiltin(tool, id, short, root) {
  return {
    ...tool,
    id,
    short,
    engine: 'builtin',
    env: { ...tool.env, ...builtinEnv() },
    available: () => builtinProblem(root) ?? tool.available(),
    install: () => installBuiltinDeps(root) && (!tool.install || tool.install()),
  };
}

export function tools(root) {
  const docker = dockerTools(root);
  return {
    ...docker,
    'tscompose-builtin': onBuiltin(docker.tscompose, 'tscompose-builtin', 'tsb', root),
    'docker-compose-builtin': onBuiltin(
      docker['docker-compose'],
      'docker-compose-builtin',
      'dcb',
      root,
    ),
    'floor-builtin': onBuiltin(docker.floor, 'floor-builtin', 'fb', root),
  };
}

function dockerTools(root) {
  const bin = join(root, 'bin', 'tscompose.js');
  const podmanEnv = { CONTAINERS_CONF: join(root, 'bench', 'podman', 'containers.conf') };
  return {
    tscompose: {
      id: 'tscompose',
      short: 'ts',
      engine: 'docker',
      command: (step, ctx) => {
        if (step === 'up-wait') return ['node', [bin, ...composeArgs('up', ctx), '--wait']];
        const args = composeArgs(step, ctx);
        return args && ['node', [bin, ...args]];
      },
      version: () => output('node', [bin, '--version']).replace(/^tscompose version /, ''),
      available: () => undefined,
    },
    'docker-compose': {
      id: 'docker-compose',
      short: 'dc',
      engine: 'docker',
      // 1.29 has no `up --wait`: its `up -d` waits for the healthy dependencies (h0..h8) but not
      // for the last service's own health, so its s10h figure is a lower bound.
      command: (step, ctx) => {
        const args = composeArgs(step === 'up-wait' ? 'up' : step, ctx);
        return args && ['docker-compose', args];
      },
      notes: {
        wait: 'docker-compose 1.29 has no `--wait`: timed `up -d`, which leaves h9 unchecked',
      },
      version: () => output('docker-compose', ['version', '--short']),
      available: () => (has('docker-compose') ? undefined : 'not installed'),
      install: () =>
        ok('apt-get', ['install', '-y', '-qq', 'docker-compose'], { stdio: 'inherit' }),
    },
    'podman-compose': {
      id: 'podman-compose',
      short: 'pc',
      engine: 'podman',
      env: podmanEnv,
      notes: {
        'change-up':
          'podman-compose 1.0.3 has no change detection: the changed service is not recreated',
      },
      command: (step, ctx) => {
        // podman-compose 1.0.3 has no `--wait` and does not honour `condition:`.
        if (step === 'up-wait') return undefined;
        const args = composeArgs(step, ctx);
        return args && ['podman-compose', args];
      },
      version: () => {
        const text = spawnSync('podman-compose', ['version'], { encoding: 'utf8' }).stdout ?? '';
        const podman = /podman version (\S+)/.exec(text)?.[1];
        return `${/composer? version\s+(\S+)/.exec(text)?.[1] ?? 'unknown'} (podman ${podman})`;
      },
      available: () => podmanProblem(podmanEnv),
      install: () =>
        ok('apt-get', ['install', '-y', '-qq', 'podman', 'podman-compose'], { stdio: 'inherit' }),
    },
    floor: {
      id: 'floor',
      short: 'floor',
      engine: 'docker',
      command: (step, ctx) => {
        if (step === 'version') return ['node', ['-e', '0']];
        if (step === 'config-q') return undefined;
        const floorStep = step === 'up' && ctx.deployed ? 'converge' : step;
        const floor = join(root, 'bench', 'floor.mjs');
        const stackArgs = ['--stack', ctx.stack, '--project', ctx.project, '--dir', ctx.dir];
        return ['node', [floor, floorStep, ...stackArgs, '--concurrency', ctx.floorConcurrency]];
      },
      notes: { version: 'the floor of `--version` is `node -e 0`' },
      version: () =>
        `dockerode ${output('node', ['-p', "require('dockerode/package.json').version"])}`,
      available: () => undefined,
    },
  };
}

/** Why Podman cannot run a container here, or undefined when it can (loads busybox first). */
function podmanProblem(env) {
  if (!has('podman') || !has('podman-compose')) return 'podman/podman-compose not installed';
  const options = { env: { ...process.env, ...env } };
  if (!ok('podman', ['image', 'exists', 'busybox:latest'], options)) {
    const load = spawnSync('sh', ['-c', 'docker save busybox:latest | podman load -q'], options);
    if (load.status !== 0) return `cannot load busybox into podman: ${load.stderr}`;
  }
  const run = spawnSync('podman', ['run', '--rm', 'busybox:latest', 'true'], {
    ...options,
    encoding: 'utf8',
  });
  return run.status === 0 ? undefined : `podman cannot run a container: ${run.stderr.trim()}`;
}
