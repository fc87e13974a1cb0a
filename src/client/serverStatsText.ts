// The Lease server's figures (Diagnostics.stats) as the output shows them for "Lease Lens: Show
// Lease Server Statistics": a few lines for a person, and the JSON line's prefix. Output lines are
// not translated (the log stays in one language for bug reports). Pure.
import type { ServerStats } from '../shared/protocol';

/** The JSON line starts with this; what follows is the ServerStats object. */
export const serverStatsJsonPrefix = 'Lease server statistics (JSON): ';

const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;

export function serverStatsLines(s: ServerStats): string[] {
  const lines = [
    `Lease server ${s.pid}: RSS ${mb(s.rssBytes)}, JS heap used ${mb(s.heapUsedBytes)}; ${s.contexts} context(s) watched; ${s.requests} GET request(s) sent.`,
    `Leadership records: ${s.health.leases} Lease(s), ${s.health.terms} term(s), about ${mb(s.health.bytes)}; ${s.health.events} Event(s); ${mb(s.health.persistedBytes)} on disk at the last save.`,
  ];
  for (const f of s.follows) {
    lines.push(`Following ${f.key}: ${f.pods} pod(s), ${f.bufferedLines} log line(s) kept, ${f.droppedLines} dropped.`);
  }
  if (s.ipc) {
    lines.push(
      `Sent to the extension host: ${mb(s.ipc.bytesSent)} in ${s.ipc.messagesSent} message(s); Lease versions as renewals ${s.ipc.renewalsSent}, whole ${s.ipc.upsertsSent}.`,
    );
  }
  return lines;
}
