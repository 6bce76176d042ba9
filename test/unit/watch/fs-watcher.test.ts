import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { whenCreated } from '../../../src/watch/fs-watcher.js';
import { tempProject } from '../../support/temp-project.js';

describe('a watched path that does not exist yet', () => {
  it('is reported once it appears, however many levels are missing', async () => {
    const dir = tempProject({});
    let created = 0;
    const cancel = whenCreated(join(dir, 'a/b/src'), () => created++);
    try {
      mkdirSync(join(dir, 'a'));
      await new Promise((r) => setTimeout(r, 50));
      expect(created).toBe(0);
      mkdirSync(join(dir, 'a/b/src'), { recursive: true });
      await expect.poll(() => created).toBe(1);
    } finally {
      cancel();
    }
  });
});
