export { LinuxNetworkDriver, type LinuxNetworkDriverOptions } from './driver.js';
export { NetworkError, type NetworkErrorCode } from './errors.js';
export { ToolError } from './exec.js';
export { parseHostSubnets, readHostSubnets } from './host-subnets.js';
export { Firewall, detectIptablesBackend, type IptablesBackend } from './iptables.js';
export {
  bridgeRules,
  ownedLines,
  parseIptablesSave,
  planEnsureBridge,
  planRemoveBridge,
  planTeardown,
  ruleWords,
  type SavedTable,
  type SavedTables,
} from './iptables-rules.js';
export * from './ipv4.js';
export { cleanupLeftovers, type LeftoverReport } from './leftovers.js';
export {
  DEFAULT_PREFIXES,
  MAX_IFNAME_LENGTH,
  NETNS_DIR,
  chainNames,
  hostVethName,
  isValidIfname,
  namedNamespace,
  namespaceName,
  namespacePath,
  ruleComment,
  validatePrefixes,
  type ChainNames,
  type NamePrefixes,
} from './names.js';
export { parseLinks, type LinkState } from './ip.js';
