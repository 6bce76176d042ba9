/**
 * Pull progress in the shape of the Engine API's `POST /images/create`
 * stream, so the server can forward each event as a JSON line:
 * `{"status":"Downloading","id":"a1b2c3d4e5f6","progressDetail":{"current":1,"total":2}}`.
 */
import { shortId, type Digest } from '../digest.js';

export interface PullProgress {
  readonly status: string;
  /** The tag (first line), or a layer's short id. */
  readonly id?: string;
  readonly progressDetail?: { readonly current?: number; readonly total?: number };
}

export type PullProgressSink = (event: PullProgress) => void;

/** Docker names layers in pull output by the first 12 hex of their digest. */
export function layerId(digest: Digest): string {
  return shortId(digest);
}

/** Most one Downloading event per interval and layer: a fast local pull would otherwise send thousands. */
export const DOWNLOAD_EVENT_INTERVAL_MS = 100;

/** Reports a transfer's byte count at most once per interval (and its first chunk at once). */
export function throttledBytes(
  report: (current: number) => void,
  now: () => number = Date.now,
): (current: number) => void {
  let last: number | undefined;
  return (current) => {
    const time = now();
    if (last !== undefined && time - last < DOWNLOAD_EVENT_INTERVAL_MS) return;
    last = time;
    report(current);
  };
}
