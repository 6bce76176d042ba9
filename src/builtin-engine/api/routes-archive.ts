/**
 * The archive endpoints `docker cp` uses: HEAD stats a path (the answer is
 * the `X-Docker-Container-Path-Stat` header, base64 JSON), GET streams a tar
 * of it with the same header, PUT extracts a tar (the request body) into a
 * directory. `path` is required, as dockerd requires it.
 */
import { pipeline } from 'node:stream/promises';
import { EngineApiError, type ContainerPathStat } from '../ports.js';
import { commonHeaders, type ApiContext } from './context.js';
import { boolParam } from './query.js';
import type { Router } from './router.js';
import type { Handler } from './routes-system.js';

export const PATH_STAT_HEADER = 'X-Docker-Container-Path-Stat';

function pathParam(ctx: ApiContext): string {
  const path = ctx.query.get('path') ?? '';
  if (path === '') throw new EngineApiError(400, 'bad parameter: path cannot be empty');
  return path;
}

function statHeader(stat: ContainerPathStat): string {
  return Buffer.from(JSON.stringify(stat)).toString('base64');
}

async function head(ctx: ApiContext): Promise<void> {
  const stat = await ctx.core.statContainerPath(ctx.param('id'), pathParam(ctx));
  ctx.res.writeHead(200, { ...commonHeaders(ctx.identity), [PATH_STAT_HEADER]: statHeader(stat) });
  ctx.res.end();
}

async function get(ctx: ApiContext): Promise<void> {
  const { stat, archive } = await ctx.core.getContainerArchive(
    ctx.param('id'),
    pathParam(ctx),
    ctx.signal,
  );
  ctx.res.writeHead(200, {
    ...commonHeaders(ctx.identity),
    'Content-Type': 'application/x-tar',
    [PATH_STAT_HEADER]: statHeader(stat),
  });
  // A read error mid-tar rejects here; the server then cuts the connection (the status is out).
  await pipeline(archive, ctx.res);
}

async function put(ctx: ApiContext): Promise<void> {
  const source = ctx.bodyStream();
  try {
    await ctx.core.putContainerArchive(
      ctx.param('id'),
      pathParam(ctx),
      source,
      {
        noOverwriteDirNonDir: boolParam(ctx.query, 'noOverwriteDirNonDir'),
        copyUidGid: boolParam(ctx.query, 'copyUIDGID'),
      },
      ctx.signal,
    );
  } catch (error) {
    // The client is still sending the tar: take the rest so that it reads our answer.
    if (!source.readableEnded) source.resume();
    throw error;
  }
  ctx.empty(200);
}

export function addArchiveRoutes(router: Router<Handler>): void {
  router
    .add('HEAD', '/containers/{id}/archive', head)
    .add('GET', '/containers/{id}/archive', get)
    .add('PUT', '/containers/{id}/archive', put);
}
