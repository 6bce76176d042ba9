/** Actions, events and a fake terminal shared by the progress renderer tests. */
import { Writable } from 'node:stream';
import type { ContainerSpec } from '../../../src/engine/specs.js';
import type { ExecutorEvent } from '../../../src/executor/types.js';
import type { Action } from '../../../src/planner/types.js';

export const network: Action = {
  type: 'network.create',
  id: 'network:default',
  after: [],
  reason: 'not found',
  network: 'default',
  spec: { name: 'demo_default', internal: false, attachable: false, labels: {} },
};

export const createWeb: Action = {
  type: 'container.create',
  id: 'container:web:1',
  after: ['network:default'],
  reason: 'not found',
  service: 'web',
  number: 1,
  // Only the name matters to progress output; a full spec is the planner's business.
  spec: { name: 'demo-web-1' } as ContainerSpec,
};

export const startWeb: Action = {
  type: 'container.start',
  id: 'container:web:1:start',
  after: ['container:web:1', 'wait:db'],
  reason: 'created',
  service: 'web',
  number: 1,
  name: 'demo-web-1',
};

export const waitDb: Action = {
  type: 'container.wait',
  id: 'wait:db',
  after: [],
  reason: 'depends_on',
  service: 'db',
  condition: 'service_healthy',
  required: true,
};

export const pullApp: Action = {
  type: 'image.pull',
  id: 'image:app',
  after: [],
  reason: 'not found',
  service: 'app',
  image: '127.0.0.1:5000/app:1',
};

/** A layer progress event as executor/actions/image-pull.ts reports it. */
export function layerEvent(
  layer: string,
  status: string,
  current?: number,
  total?: number,
  action: Action = pullApp,
): ExecutorEvent {
  return {
    type: 'action.progress',
    action,
    message: `${layer}: ${status}`,
    layer,
    ...(current !== undefined ? { current } : {}),
    ...(total !== undefined ? { total } : {}),
  };
}

/** A settable clock in ms. */
export function clock(start = 1_000_000) {
  let time = start;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

/** A writable that says it is a terminal of the given size and keeps what is written. */
export function fakeTerminal(options: { isTTY?: boolean; columns?: number; rows?: number } = {}) {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        chunks.push(chunk.toString());
        callback();
      },
    }),
    { isTTY: options.isTTY ?? true, columns: options.columns ?? 80, rows: options.rows ?? 24 },
  );
  return {
    stream,
    /** Everything written, escape codes included. */
    text: () => chunks.join(''),
    /**
     * What stays on screen once the view is done: the text after log-update's
     * last erase (which ends with "cursor to column 1", ESC [ G).
     */
    finalScreen: () => {
      const all = chunks.join('');
      const erase = all.lastIndexOf('\u001b[G');
      return erase === -1 ? all : all.slice(erase + 3);
    },
  };
}

/** Any ANSI escape sequence (colours, cursor moves, erases). */
// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/;
