import { describe, expect, it } from 'vitest';
import type { ExecutorEvent } from '../../../src/executor/types.js';
import { renderFrame, visibleLayers } from '../../../src/ui/progress/frame.js';
import {
  applyLayerUpdate,
  describeLayer,
  describeTotals,
  layerTotals,
  progressBar,
  type LayerUpdate,
  type Layers,
} from '../../../src/ui/progress/layers.js';
import { applyEvent, type Rows } from '../../../src/ui/progress/rows.js';
import { createWeb, layerEvent, pullApp } from './progress-fixtures.js';

function foldLayers(updates: readonly LayerUpdate[]): Layers {
  return updates.reduce<Layers>(applyLayerUpdate, []);
}

const update = (layer: string, status: string, current?: number, total?: number) => ({
  layer,
  message: `${layer}: ${status}`,
  ...(current !== undefined ? { current } : {}),
  ...(total !== undefined ? { total } : {}),
});

describe('layers', () => {
  it('keeps each layer once, in first-named order, with its latest status and counts', () => {
    const layers = foldLayers([
      update('aaa', 'Pulling fs layer'),
      update('bbb', 'Already exists'),
      update('aaa', 'Downloading', 1_200_000, 3_400_000),
    ]);
    expect(layers).toEqual([
      {
        id: 'aaa',
        status: 'Downloading',
        current: 1_200_000,
        total: 3_400_000,
        size: 3_400_000,
        transferred: 1_200_000,
      },
      { id: 'bbb', status: 'Already exists' },
    ]);
  });

  it('counts a layer as transferred once past its download, and extracting bytes apart', () => {
    const layers = foldLayers([
      update('aaa', 'Downloading', 100, 1000),
      update('bbb', 'Downloading', 500, 2000),
      update('aaa', 'Download complete'),
      update('aaa', 'Extracting', 10, 1000),
      update('ccc', 'Waiting'),
    ]);
    expect(layerTotals(layers)).toEqual({
      done: 0,
      count: 3,
      bytes: { current: 1500, total: 3000 },
    });
    expect(layers[0]).toMatchObject({ status: 'Extracting', current: 10, transferred: 1000 });
  });

  it('counts finished layers of a pull and of a push', () => {
    const layers = foldLayers([
      update('a', 'Pull complete'),
      update('b', 'Already exists'),
      update('c', 'Pushed'),
      update('d', 'Layer already exists'),
      update('e', 'Mounted from library/busybox'),
      update('f', 'Download complete'),
    ]);
    expect(layerTotals(layers)).toEqual({ done: 5, count: 6 });
    expect(describeTotals(layerTotals(layers))).toBe('5/6 layers');
    expect(describeTotals({ done: 0, count: 1, bytes: { current: 1500, total: 2_500_000 } })).toBe(
      '0/1 layer 1.5kB/2.5MB',
    );
  });

  it('draws a bar and human sizes for a layer moving bytes, the status alone otherwise', () => {
    expect(progressBar(0, 100, 10)).toBe('[>         ]');
    expect(progressBar(45, 100, 10)).toBe('[====>     ]');
    expect(progressBar(100, 100, 10)).toBe('[==========]');
    expect(progressBar(5, 0, 4)).toBe('[>   ]');
    expect(
      describeLayer({ id: 'a', status: 'Downloading', current: 1_230_000, total: 3_400_000 }),
    ).toBe('Downloading [=======>            ] 1.23MB/3.4MB');
    expect(describeLayer({ id: 'a', status: 'Pushing', current: 512 })).toBe('Pushing 512B');
    expect(describeLayer({ id: 'a', status: 'Waiting' })).toBe('Waiting');
    expect(describeLayer({ id: 'a', status: 'Pull complete', current: 5, total: 5 })).toBe(
      'Pull complete',
    );
  });
});

/** A resource line's padding squeezed to two spaces, so a test states content; layer lines kept. */
function squeeze(line: string): string {
  if (line.startsWith('   ')) return line;
  return line.replace(/(\S) {3,}(\S)/g, '$1  $2');
}

function fold(events: readonly ExecutorEvent[]): Rows {
  return events.reduce<Rows>((rows, event, i) => applyEvent(rows, event, i * 100), []);
}

describe('image rows with layers', () => {
  const pulling: ExecutorEvent[] = [
    { type: 'action.start', action: pullApp },
    {
      type: 'action.progress',
      action: pullApp,
      message: '1: Pulling from app',
    },
    layerEvent('4abcd1234567', 'Pulling fs layer'),
    layerEvent('9f8e7d6c5b4a', 'Already exists'),
    layerEvent('4abcd1234567', 'Downloading', 1_200_000, 3_400_000),
  ];

  it('folds layer events into the image row, with the totals as its details', () => {
    const rows = fold(pulling);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      label: 'Image 127.0.0.1:5000/app:1',
      status: 'Pulling',
      details: '1/2 layers 1.2MB/3.4MB',
    });
    expect(rows[0]?.layers.map((layer) => [layer.id, layer.status])).toEqual([
      ['4abcd1234567', 'Downloading'],
      ['9f8e7d6c5b4a', 'Already exists'],
    ]);
  });

  it('draws the layers under the image while it works, and only its line once done', () => {
    const rows = fold(pulling);
    const options = { now: 1000, width: 80, colour: false, spinner: '⠋' };
    const live = renderFrame(rows, options).split('\n');
    expect(live.map(squeeze)).toEqual([
      '[+] Running 0/1',
      ' ⠋ Image 127.0.0.1:5000/app:1  Pulling 1/2 layers 1.2MB/3.4MB  1.0s',
      '   ⠋ 4abcd1234567 Downloading [=======>            ] 1.2MB/3.4MB',
      '   ✔ 9f8e7d6c5b4a Already exists',
    ]);
    // The image's timer stays at the right edge; layer lines have none.
    expect(live[1]).toHaveLength(79);
    const done = applyEvent(rows, { type: 'action.done', action: pullApp, durationMs: 1 }, 1500);
    expect(renderFrame(done, options).split('\n').map(squeeze)).toEqual([
      '[+] Running 1/1',
      ' ✔ Image 127.0.0.1:5000/app:1  Pulled  1.5s',
    ]);
    expect(done[0]?.layers).toEqual([]);
  });

  it('hides the layers of a failed pull too', () => {
    const rows = fold([
      ...pulling,
      { type: 'action.fail', action: pullApp, error: new Error('unauthorized') },
    ]);
    expect(renderFrame(rows, { now: 1000, width: 60, colour: false, spinner: '⠋' })).not.toContain(
      '4abcd',
    );
  });

  it('keeps the details when a message has no text', () => {
    const rows = fold([...pulling, { type: 'action.progress', action: pullApp, message: '' }]);
    expect(rows[0]?.details).toBe('1/2 layers 1.2MB/3.4MB');
  });

  it('starts a new action of the image without the layers of the last one', () => {
    const rows = fold([
      ...pulling,
      { type: 'action.done', action: pullApp, durationMs: 1 },
      { type: 'action.start', action: pullApp },
    ]);
    expect(rows[0]).toMatchObject({ outcome: 'working', layers: [] });
  });

  it('cuts the layers rather than the header or resources when the terminal is short', () => {
    const rows = fold([
      { type: 'action.start', action: createWeb },
      ...pulling,
      layerEvent('cccccccccccc', 'Waiting'),
    ]);
    // 3 layers (one finished), 2 resources, a header, a free line: 7 lines wanted.
    expect(visibleLayers(rows, 3).map((layers) => layers.length)).toEqual([0, 3]);
    expect(visibleLayers(rows, 2)[1]?.map((layer) => layer.id)).toEqual([
      '4abcd1234567',
      'cccccccccccc',
    ]);
    expect(visibleLayers(rows, 1)[1]?.map((layer) => layer.id)).toEqual(['4abcd1234567']);
    const frame = renderFrame(rows, { now: 0, width: 80, colour: false, spinner: '⠋', height: 5 });
    expect(frame.split('\n')).toHaveLength(4);
    expect(frame).toContain('[+] Running 0/2');
    expect(frame).toContain('Container demo-web-1');
  });
});
