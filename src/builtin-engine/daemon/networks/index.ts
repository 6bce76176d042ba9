export { NameTable } from './dns-names.js';
export {
  DEFAULT_POOLS,
  allocateAddress,
  chooseSubnet,
  macFromAddress,
  planAddressing,
  type AddressPool,
} from './ipam.js';
export { BridgeNetworkService, type BridgeNetworkServiceOptions } from './network-service.js';
