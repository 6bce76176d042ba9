/**
 * The resource services inside the daemon core (see ports.ts): images,
 * volumes and networks, each serving its Engine API endpoints and what the
 * container service needs from it.
 */
import type { EngineCore } from './seam-engine-core.js';

// ─── Inside the daemon core: the resource services the container service uses ─

/** What the container service needs from an image (the image service resolves references). */
export interface ResolvedImage {
  /** `sha256:…` config digest, as `docker inspect` shows it. */
  readonly id: string;
  /** The reference as the client wrote it, for `Config.Image`. */
  readonly reference: string;
  /** The OCI/Docker image config's `config` object (Env, Cmd, Entrypoint, WorkingDir, User, ExposedPorts, Volumes, Healthcheck, Labels, StopSignal). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Unpacked layer directories, top layer first (overlay lowerdir order), ready for a snapshot. */
  lowerDirs(): Promise<string[]>;
}

/** The image endpoints, plus what the container service needs from images. */
export interface ImageService extends Pick<
  EngineCore,
  | 'listImages'
  | 'inspectImage'
  | 'removeImage'
  | 'tagImage'
  | 'pullImage'
  | 'importImage'
  | 'loadImages'
> {
  /** 404 EngineApiError `No such image: <ref>` when absent. */
  resolve(reference: string): Promise<ResolvedImage>;
  /** Containers using an image block its removal unless forced: the container service registers a check. */
  setInUseCheck(
    check: (imageId: string) => { containerId: string; running: boolean } | undefined,
  ): void;
}

export interface VolumeMountSource {
  readonly name: string;
  /** Host directory bind-mounted into the container (`…/volumes/<name>/_data`). */
  readonly hostPath: string;
  readonly created: boolean;
}

/** The volume endpoints, plus named and anonymous volumes for container mounts. */
export interface VolumeService extends Pick<
  EngineCore,
  'listVolumes' | 'inspectVolume' | 'createVolume' | 'removeVolume' | 'pruneVolumes'
> {
  /** A named volume (created if missing, like `docker run -v name:/x`), or a new anonymous one when `name` is undefined. */
  ensure(
    name: string | undefined,
    options?: { labels?: Record<string, string>; anonymous?: boolean },
  ): Promise<VolumeMountSource>;
  /** The container service tells which volumes its containers use (removal → 409 "volume is in use"). */
  setInUseCheck(check: (volumeName: string) => string[]): void;
}

export interface EndpointAllocation {
  readonly networkId: string;
  readonly networkName: string;
  readonly endpointId: string;
  readonly bridge: string;
  readonly address: string;
  readonly prefixLength: number;
  readonly gateway: string;
  readonly mac: string;
}

/** The network endpoints, plus address allocation and DNS names for containers. */
export interface NetworkService extends Pick<
  EngineCore,
  'listNetworks' | 'inspectNetwork' | 'createNetwork' | 'removeNetwork' | 'pruneNetworks'
> {
  /** By id, id prefix or name; 404 when missing. */
  resolve(ref: string): Promise<{ id: string; name: string; driver: string; internal: boolean }>;
  /** Ensures the bridge exists (NetworkDriver.ensureBridge) and reserves an address (the requested one when given). */
  allocate(
    networkId: string,
    containerId: string,
    request: { ipv4Address?: string; mac?: string },
  ): Promise<EndpointAllocation>;
  release(networkId: string, containerId: string): Promise<void>;
  /** Replaces the DNS names one container answers to on one network (empty = remove). */
  setNames(networkId: string, containerId: string, names: readonly string[], address: string): void;
  /** The container service says which containers are attached (removal → 409 "has active endpoints"); `inspect` lists them. */
  setEndpointsView(
    view: (
      networkId: string,
    ) => Array<{ containerId: string; name: string; allocation: EndpointAllocation }>,
  ): void;
  /** The default `bridge` network, created on first use like Docker's. */
  defaultNetwork(): Promise<{ id: string; name: string }>;
}
