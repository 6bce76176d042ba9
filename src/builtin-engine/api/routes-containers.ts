/**
 * Container endpoints with the Engine's paths, parameters and status codes:
 * 201 for create, 204 for the lifecycle verbs, 304 when start/stop change
 * nothing. `wait` answers its headers at once and the body when the
 * condition is met; `logs` streams stdcopy frames (raw with a TTY).
 */
import type Dockerode from 'dockerode';
import { EngineApiError, type WaitResult } from '../ports.js';
import type { ApiContext } from './context.js';
import { serveSession } from './hijack.js';
import { boolParam, intParam, parseFilters, stringParam, tailParam, timeParam } from './query.js';
import type { Router } from './router.js';
import type { Handler } from './routes-system.js';
import { MULTIPLEXED_STREAM, RAW_STREAM, pumpOutput } from './streams.js';

const WAIT_CONDITIONS = ['not-running', 'next-exit', 'removed'] as const;
type WaitCondition = (typeof WAIT_CONDITIONS)[number];

function stopOptions(ctx: ApiContext): { signal?: string; timeoutSeconds?: number } {
  const signal = stringParam(ctx.query, 'signal');
  const timeoutSeconds = intParam(ctx.query, 't');
  return {
    ...(signal !== undefined ? { signal } : {}),
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
  };
}

function size(ctx: ApiContext): { height: number; width: number } {
  return { height: intParam(ctx.query, 'h') ?? 0, width: intParam(ctx.query, 'w') ?? 0 };
}

async function list(ctx: ApiContext): Promise<void> {
  const limit = intParam(ctx.query, 'limit');
  const containers = await ctx.core.listContainers({
    all: boolParam(ctx.query, 'all'),
    ...(limit !== undefined && limit > 0 ? { limit } : {}),
    size: boolParam(ctx.query, 'size'),
    filters: parseFilters(ctx.query.get('filters')),
  });
  ctx.sendJson(200, containers);
}

async function create(ctx: ApiContext): Promise<void> {
  const body = await ctx.json<Dockerode.ContainerCreateOptions>(
    'config cannot be empty in order to create a container',
  );
  const created = await ctx.core.createContainer(stringParam(ctx.query, 'name'), body);
  ctx.sendJson(201, created);
}

async function wait(ctx: ApiContext): Promise<void> {
  const raw = ctx.query.get('condition') ?? '';
  const condition = (raw === '' ? 'not-running' : raw) as WaitCondition;
  if (!WAIT_CONDITIONS.includes(condition)) {
    throw new EngineApiError(400, `invalid condition: ${JSON.stringify(raw)}`);
  }
  const ref = ctx.param('id');
  // A missing container is a 404 before anything is sent; afterwards the status line is out.
  await ctx.core.inspectContainer(ref);
  const target = ctx.startStream('application/json');
  let result: WaitResult;
  try {
    result = await ctx.core.waitContainer(ref, condition, ctx.signal);
  } catch (error) {
    if (ctx.signal.aborted) return;
    const message = error instanceof Error ? error.message : String(error);
    result = { StatusCode: -1, Error: { Message: message } };
  }
  target.end(`${JSON.stringify(result)}\n`);
}

async function logs(ctx: ApiContext): Promise<void> {
  const { query } = ctx;
  const stdout = boolParam(query, 'stdout');
  const stderr = boolParam(query, 'stderr');
  if (!stdout && !stderr) {
    throw new EngineApiError(400, 'Bad parameters: you must choose at least one stream');
  }
  const logQuery = {
    stdout,
    stderr,
    follow: boolParam(query, 'follow'),
    since: timeParam(query, 'since') ?? 0,
    until: timeParam(query, 'until') ?? 0,
    tail: tailParam(query),
    timestamps: boolParam(query, 'timestamps'),
  };
  const { tty, output } = await ctx.core.containerLogs(ctx.param('id'), logQuery, ctx.signal);
  const target = ctx.startStream(tty ? RAW_STREAM : MULTIPLEXED_STREAM);
  await pumpOutput(output, target, { tty, timestamps: logQuery.timestamps, signal: ctx.signal });
  ctx.res.end();
}

async function attach(ctx: ApiContext): Promise<void> {
  const { query } = ctx;
  const options = {
    stream: boolParam(query, 'stream'),
    logs: boolParam(query, 'logs'),
    stdin: boolParam(query, 'stdin'),
    stdout: boolParam(query, 'stdout'),
    stderr: boolParam(query, 'stderr'),
  };
  await serveSession(ctx, (signal) => ctx.core.attachContainer(ctx.param('id'), options, signal));
}

export function addContainerRoutes(router: Router<Handler>): void {
  const id = '/containers/{id}';
  router
    .add('GET', '/containers/json', list)
    .add('POST', '/containers/create', create)
    .add('GET', `${id}/json`, async (ctx) =>
      ctx.sendJson(
        200,
        await ctx.core.inspectContainer(ctx.param('id'), { size: boolParam(ctx.query, 'size') }),
      ),
    )
    .add('POST', `${id}/start`, async (ctx) => {
      const outcome = await ctx.core.startContainer(ctx.param('id'));
      ctx.empty(outcome === 'unchanged' ? 304 : 204);
    })
    .add('POST', `${id}/stop`, async (ctx) => {
      const outcome = await ctx.core.stopContainer(ctx.param('id'), stopOptions(ctx));
      ctx.empty(outcome === 'unchanged' ? 304 : 204);
    })
    .add('POST', `${id}/restart`, async (ctx) => {
      await ctx.core.restartContainer(ctx.param('id'), stopOptions(ctx));
      ctx.empty(204);
    })
    .add('POST', `${id}/kill`, async (ctx) => {
      await ctx.core.killContainer(ctx.param('id'), stringParam(ctx.query, 'signal'));
      ctx.empty(204);
    })
    .add('POST', `${id}/pause`, async (ctx) => {
      await ctx.core.pauseContainer(ctx.param('id'));
      ctx.empty(204);
    })
    .add('POST', `${id}/unpause`, async (ctx) => {
      await ctx.core.unpauseContainer(ctx.param('id'));
      ctx.empty(204);
    })
    .add('POST', `${id}/rename`, async (ctx) => {
      await ctx.core.renameContainer(ctx.param('id'), ctx.query.get('name') ?? '');
      ctx.empty(204);
    })
    .add('POST', `${id}/resize`, async (ctx) => {
      await ctx.core.resizeContainer(ctx.param('id'), size(ctx));
      ctx.empty(200);
    })
    .add('GET', `${id}/top`, async (ctx) =>
      ctx.sendJson(
        200,
        await ctx.core.topContainer(ctx.param('id'), stringParam(ctx.query, 'ps_args')),
      ),
    )
    .add('POST', `${id}/wait`, wait)
    .add('GET', `${id}/logs`, logs)
    .add('POST', `${id}/attach`, attach)
    .add('DELETE', id, async (ctx) => {
      await ctx.core.removeContainer(ctx.param('id'), {
        force: boolParam(ctx.query, 'force'),
        volumes: boolParam(ctx.query, 'v'),
      });
      ctx.empty(204);
    });
}

export function addExecRoutes(router: Router<Handler>): void {
  router
    .add('POST', '/containers/{id}/exec', async (ctx) => {
      const body = await ctx.json<Dockerode.ExecCreateOptions>('exec config cannot be empty');
      ctx.sendJson(201, await ctx.core.createExec(ctx.param('id'), body));
    })
    .add('POST', '/exec/{id}/start', async (ctx) => {
      const body = await ctx.json<{ Detach?: boolean; Tty?: boolean }>();
      const options = { detach: body.Detach === true, tty: body.Tty === true };
      if (options.detach) {
        // The process runs on without a client; the core must not tie it to this request.
        await ctx.core.startExec(ctx.param('id'), options, new AbortController().signal);
        ctx.empty(200);
        return;
      }
      await serveSession(ctx, (signal) => ctx.core.startExec(ctx.param('id'), options, signal));
    })
    .add('POST', '/exec/{id}/resize', async (ctx) => {
      await ctx.core.resizeExec(ctx.param('id'), size(ctx));
      ctx.empty(200);
    })
    .add('GET', '/exec/{id}/json', async (ctx) =>
      ctx.sendJson(200, await ctx.core.inspectExec(ctx.param('id'))),
    );
}
