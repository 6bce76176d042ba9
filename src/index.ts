/**
 * tscompose as a library. Every CLI command is a thin layer over what is
 * exported here. For now: loading and validating a Compose project.
 *
 *   import { loadProject } from 'tscompose';
 *   const { project } = await loadProject({ cwd: 'examples/hello-stack' });
 */
export { loadProject, type LoadProjectOptions, type LoadedProject } from './spec/load.js';
export type { Project, ServiceConfig } from './spec/model.js';
export {
  ComposeError,
  ExitCode,
  formatDiagnostic,
  type Diagnostic,
  type SourcePosition,
} from './spec/diagnostics.js';
export { formatKeyPath, type KeyPath } from './spec/key-path.js';
export { serviceConfigHash } from './planner/config-hash.js';
export { projectToComposeModel } from './spec/canonical.js';
