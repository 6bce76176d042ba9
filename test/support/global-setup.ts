// vitest globalSetup of the integration project: the suite needs a real Docker Engine and
// the busybox image. A missing engine is a FAILURE with instructions, never a silent skip.
import {
  connectDocker,
  describeEndpoint,
  getEngineVersion,
  resolveDockerEndpoint,
} from '../../src/engine/docker/connection.js';

const howToFix =
  'Run `node scripts/engine.mjs ensure` (it starts a Docker Engine and creates the offline images), then rerun.';

export default async function setup(): Promise<void> {
  const version = await getEngineVersion(process.env, { timeoutMs: 5000 });
  if ('error' in version) {
    throw new Error(`Integration tests need a Docker Engine. ${version.error}\n${howToFix}`);
  }
  const endpoint = resolveDockerEndpoint(process.env);
  const docker = await connectDocker(endpoint);
  try {
    await docker.getImage('busybox:latest').inspect();
  } catch {
    throw new Error(
      `The Docker Engine at ${describeEndpoint(endpoint)} has no busybox:latest image (tests run offline).\n${howToFix}`,
    );
  }
}
