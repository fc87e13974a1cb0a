// The Lease server's own figures in the real extension: the bench runs "Lease Lens: Show Lease
// Server Statistics" (by a key bound with `reveal: false`, so no panel opens) and reads the JSON line it writes to the Lease Lens output
// (its log file under the user-data dir). ServerStats.ipc counts every message the server wrote
// to the extension host, so IPC bytes per renewal come from the channel itself, not from
// /proc/<pid>/io (which also counts the health records saved to disk every 30 s).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../../harness/waiting';
import type { Workbench } from '../../harness/workbench';
import { serverStatsJsonPrefix } from '../../src/client/serverStatsText';
import type { ServerStats } from '../../src/shared/protocol';

/** The key the bench binds to the command with `{ reveal: false }`: the Output panel stays closed, no palette opens. */
export const statsKeybinding = { key: 'ctrl+alt+shift+f9', command: 'leaseLens.showServerStats', args: { reveal: false } } as const;

/** Every "Lease Lens.log" of the extension host under a code-server user-data dir. */
function outputLogs(userDataDir: string): string[] {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) {
    return [];
  }
  const files: string[] = [];
  for (const session of readdirSync(logs)) {
    for (const host of readdirSync(join(logs, session)).filter((d) => d.startsWith('exthost'))) {
      const file = join(logs, session, host, 'lease-lens.lease-lens', 'Lease Lens.log');
      if (existsSync(file)) {
        files.push(file);
      }
    }
  }
  return files;
}

function statsLines(userDataDir: string): ServerStats[] {
  const out: ServerStats[] = [];
  for (const file of outputLogs(userDataDir)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const at = line.indexOf(serverStatsJsonPrefix);
      if (at >= 0) {
        out.push(JSON.parse(line.slice(at + serverStatsJsonPrefix.length)) as ServerStats);
      }
    }
  }
  return out;
}

/** Runs the command by its key (statsKeybinding) and answers the figures it wrote and when. */
export async function leaseServerStats(bench: Workbench, userDataDir: string): Promise<{ stats: ServerStats; at: number }> {
  const before = statsLines(userDataDir).length;
  const at = performance.now();
  await bench.page.keyboard.press('Control+Alt+Shift+F9');
  const stats = await waitFor('the statistics line in the Lease Lens output', () => statsLines(userDataDir)[before], 30_000, {
    everyMs: 100,
  });
  return { stats, at };
}
