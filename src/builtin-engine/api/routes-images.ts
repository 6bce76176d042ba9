/**
 * Image endpoints. Names contain slashes and colons
 * (`127.0.0.1:5000/team/app:1`), so the name parameter is greedy. Pull,
 * import and load answer the Engine's JSON progress stream: a failure before
 * the first message is an ordinary HTTP error; after it, the error travels
 * in-band as `{"errorDetail":{"message":…},"error":…}`, as clients expect.
 */
import { EngineApiError, type ProgressMessage } from '../ports.js';
import type { ApiContext } from './context.js';
import { boolParam, decodeRegistryAuth, parseFilters, stringParam } from './query.js';
import type { Router } from './router.js';
import type { Handler } from './routes-system.js';
import { drainUntil, writeAll } from './streams.js';

/** The Engine ends each progress line with CRLF. */
const LINE_END = '\r\n';

async function serveProgress(ctx: ApiContext, source: AsyncIterable<ProgressMessage>) {
  const iterator = source[Symbol.asyncIterator]();
  // Waiting for the first message lets an early failure (no such image, bad auth) keep its status.
  const first = await iterator.next();
  const target = ctx.startStream('application/json');
  if (first.done === true) {
    ctx.res.end();
    return;
  }
  const rest: AsyncIterable<ProgressMessage> = { [Symbol.asyncIterator]: () => iterator };
  try {
    if (await writeAll(target, JSON.stringify(first.value) + LINE_END)) {
      await drainUntil(rest, ctx.signal, (message) =>
        writeAll(target, JSON.stringify(message) + LINE_END),
      );
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await writeAll(target, JSON.stringify({ errorDetail: { message }, error: message }) + LINE_END);
  }
  ctx.res.end();
}

async function create(ctx: ApiContext): Promise<void> {
  const { query } = ctx;
  const fromImage = stringParam(query, 'fromImage');
  const fromSrc = stringParam(query, 'fromSrc');
  const tag = stringParam(query, 'tag');
  if (fromImage !== undefined) {
    const platform = stringParam(query, 'platform');
    const auth = decodeRegistryAuth(ctx.headers['x-registry-auth'] as string | undefined);
    const request = {
      fromImage,
      ...(tag !== undefined ? { tag } : {}),
      ...(platform !== undefined ? { platform } : {}),
      ...(auth !== undefined ? { auth } : {}),
    };
    await serveProgress(ctx, ctx.core.pullImage(request, ctx.signal));
    return;
  }
  if (fromSrc === undefined) {
    throw new EngineApiError(400, 'either fromImage or fromSrc is required');
  }
  if (fromSrc !== '-') {
    throw new EngineApiError(
      501,
      'importing from a URL is not supported; send the archive as the body (fromSrc=-)',
    );
  }
  const repo = stringParam(query, 'repo');
  const message = stringParam(query, 'message');
  const options = {
    ...(repo !== undefined ? { repo } : {}),
    ...(tag !== undefined ? { tag } : {}),
    ...(message !== undefined ? { message } : {}),
    changes: query.getAll('changes').filter((change) => change !== ''),
  };
  await serveProgress(ctx, ctx.core.importImage(ctx.bodyStream(), options, ctx.signal));
}

/**
 * Builds and pushes are not part of the built-in engine yet (issue 8 leaves
 * them to a later one): a clear 501 instead of "page not found". The request
 * body (a build context) is drained so the client's upload is not cut off.
 */
function notYet(what: string): Handler {
  return async (ctx) => {
    ctx.bodyStream().resume();
    throw new EngineApiError(
      501,
      `the tscompose built-in engine does not ${what} yet: use a Docker Engine for this (tscompose --engine docker, or DOCKER_HOST), or an image that can be pulled or loaded`,
    );
  };
}

export function addImageRoutes(router: Router<Handler>): void {
  router
    .add('POST', '/build', notYet('build images'))
    .add('POST', '/images/{name*}/push', notYet('push images'))
    .add('GET', '/images/json', async (ctx) =>
      ctx.sendJson(
        200,
        await ctx.core.listImages({
          all: boolParam(ctx.query, 'all'),
          filters: parseFilters(ctx.query.get('filters')),
        }),
      ),
    )
    .add('POST', '/images/create', create)
    .add('POST', '/images/load', async (ctx) => {
      const quiet = boolParam(ctx.query, 'quiet');
      await serveProgress(ctx, ctx.core.loadImages(ctx.bodyStream(), { quiet }, ctx.signal));
    })
    .add('GET', '/images/{name*}/json', async (ctx) =>
      ctx.sendJson(200, await ctx.core.inspectImage(ctx.param('name'))),
    )
    .add('POST', '/images/{name*}/tag', async (ctx) => {
      const repo = stringParam(ctx.query, 'repo');
      if (repo === undefined) throw new EngineApiError(400, 'repository name must be given (repo)');
      await ctx.core.tagImage(ctx.param('name'), repo, stringParam(ctx.query, 'tag'));
      ctx.empty(201);
    })
    .add('DELETE', '/images/{name*}', async (ctx) =>
      ctx.sendJson(
        200,
        await ctx.core.removeImage(ctx.param('name'), {
          force: boolParam(ctx.query, 'force'),
          noprune: boolParam(ctx.query, 'noprune'),
        }),
      ),
    );
}
