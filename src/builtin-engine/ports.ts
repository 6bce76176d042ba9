/**
 * The seams inside the built-in engine daemon (issue 8).
 *
 *   HTTP facade (api/)  ──EngineCore──▶  daemon core (daemon/)
 *                                            │
 *        ┌───────────────┬──────────────────┼──────────────────┬──────────────┐
 *   RuntimeDriver   NetworkDriver        NameServer         PortPublisher   image store,
 *   (runtime/:      (network/: bridges,  (dns/: a DNS       (ports/: a      snapshots,
 *   runc + conmon)  netns, veth, IPAM,   responder per      userland        registry
 *                   own iptables chain)  network)           proxy)          (existing)
 *
 * The facade only routes HTTP and streams; the core owns state and calls the
 * machinery below it through these interfaces, so each side can be built and
 * tested alone (the core's unit tests use in-memory fakes of the drivers; the
 * drivers' own tests run the real tools as root).
 *
 * JSON shapes that clients read are the Docker Engine API v1.41 shapes; the
 * `Dockerode` namespace types describe them closely enough to type the seams
 * (the core may return extra fields the Engine also returns).
 */
export * from './seam-engine-core.js';
export * from './seam-machinery.js';
export * from './seam-services.js';
