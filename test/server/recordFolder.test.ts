// The record folder's total bound: beyond it the files written longest ago go, never a watched
// context's (its records are in memory and written again).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pruneRecordFolder, recordFileName, recordFolder } from '../../src/server/health/recordFiles';
import { tempPath } from '../support/kubeconfig';

describe('leadership record folder', () => {
  test('over the total, the oldest files of unwatched contexts go until it fits; watched ones stay', async () => {
    const storagePath = tempPath('records');
    const folder = recordFolder(storagePath);
    mkdirSync(folder, { recursive: true });
    const now = Date.now() / 1000;
    // Five contexts of 1,000 bytes, written 5, 4, 3, 2, 1 hours ago; "c0" (the oldest) is watched.
    const names = ['c0', 'c1', 'c2', 'c3', 'c4'].map((context, i) => {
      const name = recordFileName(context);
      writeFileSync(join(folder, name), 'x'.repeat(1000));
      utimesSync(join(folder, name), now - (5 - i) * 3600, now - (5 - i) * 3600);
      return name;
    });
    writeFileSync(join(folder, '.temp.json'), 'x'.repeat(5000)); // a temporary file is not a record file
    const deleted = await pruneRecordFolder(storagePath, new Set([names[0]]), 2500);
    assert.deepEqual(deleted, [names[1], names[2], names[3]], 'the oldest unwatched first, until 2,000 bytes remain');
    assert.ok(existsSync(join(folder, names[0])), 'the watched context keeps its file');
    assert.ok(existsSync(join(folder, names[4])));
    assert.deepEqual(await pruneRecordFolder(storagePath, new Set(), 2500), [], 'within the bound: nothing more');
    assert.deepEqual(await pruneRecordFolder(tempPath('none'), new Set(), 1), [], 'no folder: nothing to do');
  });
});
