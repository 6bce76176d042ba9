/**
 * System endpoints: `_ping` (how every client negotiates the API version: the
 * docker CLI sends HEAD, others GET), `version`, `info`, and the `events`
 * stream, which stays open until the client leaves (or `until` has passed).
 */
import type { ApiContext } from './context.js';
import { commonHeaders } from './context.js';
import { parseFilters, timeParam } from './query.js';
import type { Router } from './router.js';
import { pumpJsonLines } from './streams.js';

export type Handler = (ctx: ApiContext) => Promise<void>;

async function ping(ctx: ApiContext): Promise<void> {
  ctx.sendText(200, 'OK', {
    ...commonHeaders(ctx.identity),
    'Cache-Control': 'no-cache, no-store, must-revalidate',
    Pragma: 'no-cache',
  });
}

async function events(ctx: ApiContext): Promise<void> {
  const since = timeParam(ctx.query, 'since');
  const until = timeParam(ctx.query, 'until');
  const filters = parseFilters(ctx.query.get('filters'));
  const source = ctx.core.events({ since, until, filters }, ctx.signal);
  const target = ctx.startStream('application/json');
  await pumpJsonLines(source, target, { signal: ctx.signal });
  ctx.res.end();
}

export function addSystemRoutes(router: Router<Handler>): void {
  router
    .add('GET|HEAD', '/_ping', ping)
    .add('GET', '/version', async (ctx) => ctx.sendJson(200, await ctx.core.version()))
    .add('GET', '/info', async (ctx) => ctx.sendJson(200, await ctx.core.info()))
    .add('GET', '/events', events);
}
