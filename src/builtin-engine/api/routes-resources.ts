/**
 * Network and volume endpoints. Their status codes differ from the
 * containers' in ways clients check: network create answers 201, connect and
 * disconnect 200 with no body, removals 204, volume create 201.
 */
import type Dockerode from 'dockerode';
import { boolParam, parseFilters } from './query.js';
import type { Router } from './router.js';
import type { Handler } from './routes-system.js';

export function addNetworkRoutes(router: Router<Handler>): void {
  router
    .add('GET', '/networks', async (ctx) =>
      ctx.sendJson(200, await ctx.core.listNetworks(parseFilters(ctx.query.get('filters')))),
    )
    .add('POST', '/networks/create', async (ctx) => {
      const body = await ctx.json<Dockerode.NetworkCreateOptions>('network config is required');
      ctx.sendJson(201, await ctx.core.createNetwork(body));
    })
    .add('POST', '/networks/prune', async (ctx) =>
      ctx.sendJson(200, await ctx.core.pruneNetworks(parseFilters(ctx.query.get('filters')))),
    )
    .add('GET', '/networks/{id}', async (ctx) =>
      ctx.sendJson(200, await ctx.core.inspectNetwork(ctx.param('id'))),
    )
    .add('POST', '/networks/{id}/connect', async (ctx) => {
      const body = await ctx.json<{
        Container: string;
        EndpointConfig?: Dockerode.EndpointSettings;
      }>('connect config is required');
      await ctx.core.connectNetwork(ctx.param('id'), body);
      ctx.empty(200);
    })
    .add('POST', '/networks/{id}/disconnect', async (ctx) => {
      const body = await ctx.json<{ Container: string; Force?: boolean }>(
        'disconnect config is required',
      );
      await ctx.core.disconnectNetwork(ctx.param('id'), body);
      ctx.empty(200);
    })
    .add('DELETE', '/networks/{id}', async (ctx) => {
      await ctx.core.removeNetwork(ctx.param('id'));
      ctx.empty(204);
    });
}

export function addVolumeRoutes(router: Router<Handler>): void {
  router
    .add('GET', '/volumes', async (ctx) =>
      ctx.sendJson(200, await ctx.core.listVolumes(parseFilters(ctx.query.get('filters')))),
    )
    .add('POST', '/volumes/create', async (ctx) => {
      // `docker volume create` with no options sends `{}`: an anonymous-named volume.
      const body = await ctx.json<Dockerode.VolumeCreateOptions>();
      ctx.sendJson(201, await ctx.core.createVolume(body));
    })
    .add('POST', '/volumes/prune', async (ctx) =>
      ctx.sendJson(200, await ctx.core.pruneVolumes(parseFilters(ctx.query.get('filters')))),
    )
    .add('GET', '/volumes/{name}', async (ctx) =>
      ctx.sendJson(200, await ctx.core.inspectVolume(ctx.param('name'))),
    )
    .add('DELETE', '/volumes/{name}', async (ctx) => {
      await ctx.core.removeVolume(ctx.param('name'), { force: boolParam(ctx.query, 'force') });
      ctx.empty(204);
    });
}
