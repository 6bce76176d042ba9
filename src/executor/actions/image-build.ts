/**
 * Building a service's image: the context tar (images/build-context.ts, with
 * `.dockerignore`, an outside or inline Dockerfile), the engine's build
 * parameters (images/build-query.ts), the credentials of every registry the
 * Docker config knows, for the engine to pull `FROM` images with
 * (images/registry-config.ts), the build's output streamed as progress
 * lines, and a failure that names the step and shows its last lines.
 */
import type { Readable } from 'node:stream';
import { createBuildContext } from '../../images/build-context.js';
import { BuildFailedError, BuildOutput } from '../../images/build-output.js';
import { buildQuery } from '../../images/build-query.js';
import { isRemoteContext, type ImageBuildSpec } from '../../images/build-spec.js';
import { registryConfigForBuild } from '../../images/registry-config.js';
import type { ActionContext } from '../context.js';
import { ExecutorError } from '../errors.js';

export async function runBuild(
  context: ActionContext,
  service: string,
  image: string,
  spec: ImageBuildSpec,
): Promise<void> {
  for (const warning of spec.warnings) context.warn(warning);
  if (isRemoteContext(spec.context))
    throw new ExecutorError(
      'executor.build-unsupported',
      `service ${service}`,
      `cannot build ${image} for service ${service}: remote build contexts (${spec.context}) are not supported yet`,
    );
  const registries = await registryConfigForBuild({ env: process.env });
  for (const warning of registries.warnings) context.warn(warning);
  const { stream, plan } = await createBuildContext({
    contextDir: spec.context,
    dockerfile: spec.dockerfile,
  });
  // A file that cannot be read fails the tar stream; that is the error to report.
  let contextError: Error | undefined;
  (stream as Readable).once('error', (error) => (contextError = error));
  const output = new BuildOutput();
  const report = (lines: readonly string[]) => {
    for (const line of lines) context.progress(line);
  };
  try {
    const options = {
      ...buildQuery(spec, plan.dockerfile),
      // Handed to the engine only; never part of an event or an error.
      ...(Object.keys(registries.auths).length > 0 ? { registryConfig: registries.auths } : {}),
    };
    await context.engine.buildImage(stream, options, (event) => {
      const text = event.message ?? event.status;
      if (text !== undefined) report(output.push(text.endsWith('\n') ? text : `${text}\n`));
    });
    report(output.flush());
  } catch (error) {
    report(output.flush());
    throw new BuildFailedError(image, service, output.currentStep, output.lastLines, {
      cause: contextError ?? error,
    });
  }
}
