/**
 * The layers of an image being pulled or pushed, folded from the executor's
 * `action.progress` events that name a `layer`: each layer's latest status
 * (`Waiting`, `Downloading`, `Extracting`, `Pull complete`, `Already
 * exists`, `Pushed`…) with its byte counts, in the order the engine first
 * named them. The TTY view draws them under the image's row; plain output
 * counts completed ones. Pure.
 */
import { humanSize } from '../images-table.js';

export interface Layer {
  /** The engine's short layer id (`4abcd1234567`). */
  readonly id: string;
  /** The engine's status, without the `<id>: ` prefix of the progress message. */
  readonly status: string;
  /** Byte counts of the current status (Downloading, Extracting, Pushing), when the engine gave them. */
  readonly current?: number;
  readonly total?: number;
  /** The layer's transfer size, once a Downloading/Pushing event said it. */
  readonly size?: number;
  /** Bytes of it transferred so far; `size` once the transfer is over. */
  readonly transferred?: number;
}

export type Layers = readonly Layer[];

/** What a progress event says about one layer. */
export interface LayerUpdate {
  readonly layer: string;
  readonly message: string;
  readonly current?: number;
  readonly total?: number;
}

/** Statuses after which nothing more happens to the layer (pull and push). */
const FINAL = /^(Pull complete|Already exists|Pushed|Layer already exists|Mounted from )/;
/** Statuses that move the layer's bytes over the network. */
const TRANSFER = /^(Downloading|Pushing)\b/;
/** Statuses that come after the transfer: the whole layer was transferred. */
const AFTER_TRANSFER = /^(Verifying Checksum|Download complete|Extracting|Pull complete|Pushed)\b/;

export function isLayerDone(layer: Layer): boolean {
  return FINAL.test(layer.status);
}

/** The status alone: progress messages read `<layer>: <status>` (executor/actions/image-pull.ts). */
function statusOf(update: LayerUpdate): string {
  const prefix = `${update.layer}: `;
  return update.message.startsWith(prefix) ? update.message.slice(prefix.length) : update.message;
}

/** The layer after one more event about it. */
function nextLayer(previous: Layer | undefined, update: LayerUpdate): Layer {
  const status = statusOf(update);
  const size = TRANSFER.test(status) && update.total !== undefined ? update.total : previous?.size;
  const transferred = TRANSFER.test(status)
    ? update.current
    : AFTER_TRANSFER.test(status)
      ? size
      : previous?.transferred;
  return {
    id: update.layer,
    status,
    ...(update.current !== undefined ? { current: update.current } : {}),
    ...(update.total !== undefined ? { total: update.total } : {}),
    ...(size !== undefined ? { size } : {}),
    ...(transferred !== undefined ? { transferred } : {}),
  };
}

export function applyLayerUpdate(layers: Layers, update: LayerUpdate): Layers {
  const index = layers.findIndex((layer) => layer.id === update.layer);
  const next = nextLayer(layers[index], update);
  return index === -1 ? [...layers, next] : layers.map((layer, i) => (i === index ? next : layer));
}

export interface LayerTotals {
  readonly done: number;
  readonly count: number;
  /** Bytes transferred of the layers whose size is known; undefined while none is. */
  readonly bytes?: { readonly current: number; readonly total: number };
}

export function layerTotals(layers: Layers): LayerTotals {
  const sized = layers.filter((layer) => layer.size !== undefined);
  const done = layers.filter(isLayerDone).length;
  if (sized.length === 0) return { done, count: layers.length };
  const total = sized.reduce((sum, layer) => sum + (layer.size ?? 0), 0);
  const current = sized.reduce((sum, layer) => sum + (layer.transferred ?? 0), 0);
  return { done, count: layers.length, bytes: { current, total } };
}

/** The image row's details while layers move: `3/5 layers 1.2MB/3.4MB`. */
export function describeTotals(totals: LayerTotals): string {
  const count = `${totals.done}/${totals.count} ${totals.count === 1 ? 'layer' : 'layers'}`;
  const { bytes } = totals;
  return bytes === undefined ? count : `${count} ${byteCounter(bytes.current, bytes.total)}`;
}

function byteCounter(current: number, total: number | undefined): string {
  return total === undefined ? humanSize(current) : `${humanSize(current)}/${humanSize(total)}`;
}

const BAR_WIDTH = 20;

/** Docker's bar, shorter: `[=======>            ]`. */
export function progressBar(current: number, total: number, width = BAR_WIDTH): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, current / total)) : 0;
  const filled = Math.floor(ratio * width);
  if (filled >= width) return `[${'='.repeat(width)}]`;
  return `[${'='.repeat(filled)}>${' '.repeat(width - filled - 1)}]`;
}

/** What follows a layer's id on its line: `Downloading [===>      ] 1.2MB/3.4MB`. */
export function describeLayer(layer: Layer): string {
  const { current, total } = layer;
  if (current === undefined || isLayerDone(layer)) return layer.status;
  if (total === undefined || total <= 0)
    return `${layer.status} ${byteCounter(current, undefined)}`;
  return `${layer.status} ${progressBar(current, total)} ${byteCounter(current, total)}`;
}
