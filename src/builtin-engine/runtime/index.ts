export { attachStdin, type StdinAttachment } from './attach.js';
export { ALL_CAPABILITIES, DEFAULT_CAPABILITIES, containerCapabilities } from './capabilities.js';
export { DEFAULTS as DRIVER_DEFAULTS, OciDriver, type OciDriverOptions } from './driver.js';
export { RuntimeError, type RuntimeErrorCode } from './errors.js';
export {
  LineAssembler,
  formatTimestamp,
  parseRecord,
  parseTimestamp,
  selectEntries,
  splitRecords,
  type LogEntry,
  type LogRecord,
} from './k8s-log.js';
export { readLogFile } from './log-reader.js';
export { monitorPaths, readExit, type MonitorPaths } from './monitor.js';
export { OciRuntime, RUNTIME_BINARIES, type RuntimeName } from './oci-runtime.js';
export { buildOciSpec, type HostFacts, type OciSpec } from './oci-spec.js';
export {
  RUNTIME_ENV,
  chooseRuntime,
  detectRuntime,
  probeCrun,
  type CrunProbe,
  type RuntimeChoice,
} from './select.js';
export { resolveInRoot, readRootfsFile } from './rootfs-file.js';
export { resolveUser, type ResolvedUser } from './user.js';
