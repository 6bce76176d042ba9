/**
 * Building a service's image: the context tar (images/build-context.ts, with
 * `.dockerignore`, an outside or inline Dockerfile), the engine's build
 * parameters (images/build-query.ts), the build's output streamed as progress
 * lines, and a failure that names the step and shows its last lines.
 */
import type { Readable } from 'node:stream';
import { createBuildContext } from '../../images/build-context.js';
import { BuildFailedError, BuildOutput } from '../../images/build-output.js';
import { buildQuery } from '../../images/build-query.js';
import { isRemoteContext, type ImageBuildSpec } from '../../images/build-spec.js';
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
    await context.engine.buildImage(stream, buildQuery(spec, plan.dockerfile), (event) => {
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
