// Image cleanup for tests that build, tag, pull or push: every image labelled with a
// project (dangling ones left by a rebuild included), and named references.
import { dockerClient, projectLabel } from './engine.js';

const ignoreMissing = (error: unknown) => {
  if ((error as { statusCode?: number }).statusCode !== 404) throw error;
};

/**
 * Removes every image carrying the project label (built images and older builds a rebuild
 * left dangling). Top-level images only: removing one removes its untagged parents, which
 * the classic builder's intermediate (also labelled) images are.
 */
export async function removeProjectImages(project: string): Promise<void> {
  const docker = await dockerClient();
  const images = await docker.listImages({
    filters: JSON.stringify({ label: [`${projectLabel}=${project}`] }),
  });
  for (const image of images) {
    await docker.getImage(image.Id).remove({ force: true }).catch(ignoreMissing);
  }
}

/** Removes (untags) each reference; one that does not exist is fine. */
export async function removeImages(references: readonly string[]): Promise<void> {
  const docker = await dockerClient();
  for (const reference of references)
    await docker.getImage(reference).remove().catch(ignoreMissing);
}

/** The id an image reference resolves to now, or undefined. */
export async function imageIdOf(reference: string): Promise<string | undefined> {
  const docker = await dockerClient();
  try {
    return (await docker.getImage(reference).inspect()).Id;
  } catch (error) {
    ignoreMissing(error);
    return undefined;
  }
}
