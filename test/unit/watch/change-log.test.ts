import { describe, expect, it } from 'vitest';
import { ChangeLog } from '../../../src/watch/change-log.js';

const item = (name: string) => ({ hostPath: `/h/${name}`, containerPath: `/c/${name}` });
const names = (items: readonly { containerPath: string }[]) => items.map((i) => i.containerPath);

describe('change log: what each container still needs', () => {
  it('a baselined container needs only later changes; a new one needs everything since the start', () => {
    const log = new ChangeLog();
    log.baseline('old');
    log.record('web', [item('a')]);
    log.record('web', [item('b'), item('a')]);
    expect(names(log.pending('web', 'old').items)).toEqual(['/c/b', '/c/a']);
    expect(names(log.pending('web', 'new').items)).toEqual(['/c/b', '/c/a']);
    expect(log.pending('api', 'old').items).toEqual([]);
  });

  it('a container synced up to a point only gets what changed after it; a failed one keeps it pending', () => {
    const log = new ChangeLog();
    log.baseline('up');
    log.baseline('stopped');
    log.record('web', [item('a')]);
    const first = log.pending('web', 'up');
    log.markSynced('up', first.upTo);
    log.record('web', [item('b')]);
    expect(names(log.pending('web', 'up').items)).toEqual(['/c/b']);
    expect(names(log.pending('web', 'stopped').items)).toEqual(['/c/a', '/c/b']);
    expect(log.pending('web', 'up').since).not.toBe(log.pending('web', 'stopped').since);
    log.markSynced('stopped', log.pending('web', 'stopped').upTo);
    expect(log.pending('web', 'stopped').items).toEqual([]);
  });

  it('forgetting a container makes it new again', () => {
    const log = new ChangeLog();
    log.baseline('c');
    log.record('web', [item('a')]);
    log.markSynced('c', 1);
    log.forget('c');
    expect(names(log.pending('web', 'c').items)).toEqual(['/c/a']);
  });
});
