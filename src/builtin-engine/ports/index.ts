export { PortPublishError, bindError, hostAndPort, type PortPublishErrorCode } from './errors.js';
export { resolveBinding, type Forwarder, type ResolvedBinding } from './forwarder.js';
export { UserlandPortProxy, type UserlandPortProxyOptions } from './proxy.js';
export { listenTcp } from './tcp.js';
export { listenUdp } from './udp.js';
