// "Lease Lens: Show Lease Server Statistics": the lines the output shows for the server's figures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serverStatsJsonPrefix, serverStatsLines } from '../../src/client/serverStatsText';
import type { ServerStats } from '../../src/shared/protocol';

const stats: ServerStats = {
  pid: 4242,
  rssBytes: 125 * 1_048_576,
  heapUsedBytes: 40 * 1_048_576,
  contexts: 2,
  follows: [{ key: 'prod/kube-system/kube-scheduler', bufferedLines: 900, droppedLines: 12, pods: 3 }],
  requests: 57,
  health: { leases: 10_000, terms: 12_345, bytes: 19 * 1_048_576, events: 4, persistedBytes: 4 * 1_048_576 },
  ipc: { bytesSent: 100 * 1_048_576, messagesSent: 1073, renewalsSent: 183_306, upsertsSent: 100_036 },
};

test('the statistics say memory, contexts, requests, records, each follow and the IPC channel', () => {
  const lines = serverStatsLines(stats);
  assert.match(lines[0], /Lease server 4242: RSS 125\.0 MB, JS heap used 40\.0 MB; 2 context\(s\) watched; 57 GET request\(s\) sent\./);
  assert.match(lines[1], /10000 Lease\(s\), 12345 term\(s\), about 19\.0 MB; 4 Event\(s\); 4\.0 MB on disk/);
  assert.match(lines[2], /Following prod\/kube-system\/kube-scheduler: 3 pod\(s\), 900 log line\(s\) kept, 12 dropped\./);
  assert.match(lines[3], /100\.0 MB in 1073 message\(s\); Lease versions as renewals 183306, whole 100036\./);
  assert.equal(serverStatsLines({ ...stats, follows: [], ipc: undefined }).length, 2, 'no follow, no IPC count: two lines');
});

test('the JSON line gives the figures back whole', () => {
  const line = `2026-12-06 05:00:00.000 [info] ${serverStatsJsonPrefix}${JSON.stringify(stats)}`;
  assert.deepEqual(JSON.parse(line.slice(line.indexOf(serverStatsJsonPrefix) + serverStatsJsonPrefix.length)), stats);
});
