// Reading controller log lines: leadership signals, severity, and the `--timestamps` prefix.
// Runs on every streamed line: a cheap prefilter, then one combined expression.

import type { LeadershipSignal } from '../shared/types';
import { parseMicroTime } from './microTime';
import { parseGoDuration } from './goDuration';

// Every leadership phrase contains "lease", "lead" or "lock", but kopf's peering ("pausing",
// "resuming").
const PREFILTER = /lea[sd]|lock|paus|resum/i;

// One group per signal, in the order of leadershipSignals; the leftmost phrase in the line wins, which is the
// message in klog, structured klog and JSON lines (keys such as err= come after it). Besides
// client-go: fabric8's LeaderElector, Spring Cloud Kubernetes, kopf's peering, the Python client's
// leaderelection, kube-leader-election, kubert and Cilium's operator (test/fixtures/leadership-lines-other-clients.txt names the sources).
const LEADERSHIP = new RegExp(
  [
    /(attempting to acquire leader lease|trying to acquire leadership)/,
    /(successfully acquired (?:leader )?lease|became leader|started leading|is now a leader|leadership has been granted|leading the operator ha deployment|resuming operations after the pause)/,
    /(failed to renew (?:the )?lease|renew deadline reached|exception occurred while renewing lock)/,
    /(failed to update lock|failed to release lock|error initially creating leader election record|exception occurred while (?:acquiring|releasing) lock|failure when (?:acquiring|revoking) leadership|failed to (?:acquire|release) the (?:lease|lock) in kubernetes|could not create the lease|error claiming lease|conflict while trying to acquire lease|failed to create lock)/,
    /(error retrieving resource lock|could not get the lease|failed to get lease)/,
    /(leader[ -]?election lost|stopped leading|leadership lost|lost leadership|stopped being a leader|leadership has been revoked|pausing operations in favou?r of|pausing all operators)/,
    /(new leader elected|leader changed from|is the new leader|new leader is|leader has switched to|leader re-election complete|elected as (?:the )?new leader)/,
    /(released lease)/,
  ]
    .map((r) => `\\b${r.source}\\b`)
    .join('|'),
  'i',
);

/** Every leadership signal, in the order of LEADERSHIP's groups. */
export const leadershipSignals: readonly LeadershipSignal[] = [
  'attempting',
  'acquired',
  'renew-failed',
  'lock-update-failed',
  'lock-get-failed',
  'lost',
  'new-leader',
  'released',
];

/** What a log line says about leadership, if anything. */
export function matchLeadership(text: string): LeadershipSignal | undefined {
  if (!PREFILTER.test(text)) {
    return undefined;
  }
  const m = LEADERSHIP.exec(text);
  if (m === null) {
    return undefined;
  }
  for (let i = 0; i < leadershipSignals.length; i++) {
    if (m[i + 1] !== undefined) {
      return leadershipSignals[i];
    }
  }
  return undefined;
}

// client-go's rest client when its token bucket (QPS/burst) made a request wait. klog text:
//   Waited for 1.0427s due to client-side throttling, not priority and fairness, request: GET:https://…
// structured klog / JSON (client-go 1.31 and later):
//   "Waited before sending request" delay="1.136996877s" reason="client-side throttling, not priority and fairness" verb="GET" URL="…"
const THROTTLING = /client-side throttling/i;
const WAITED_FOR = /\bWaited for ([0-9.]+[a-zµμ]+(?:[0-9.]+[a-zµμ]+)*) due to client-side throttling/;
const DELAY_FIELD = /(?:^|[\s{,])"?delay"?\s*[=:]\s*"?([0-9.]+[a-zµμ]+(?:[0-9.]+[a-zµμ]+)*)"?/;

/** A client-side throttling line, with how long the request waited when the line says it. */
export function matchThrottling(text: string): { waitedMs?: number } | undefined {
  if (!THROTTLING.test(text)) {
    return undefined;
  }
  const written = WAITED_FOR.exec(text)?.[1] ?? DELAY_FIELD.exec(text)?.[1];
  if (written === undefined && !/\bWaited\b/.test(text)) {
    return undefined;
  }
  const waitedMs = written === undefined ? undefined : parseGoDuration(written);
  return waitedMs === undefined ? {} : { waitedMs };
}

// A renewal whose line states how long it took: `renewed lease … latency="53ms"`, `… took=1.2s`.
const RENEW_WORD = /\brenew(?:s|ed|ing|al)?\b/i;
const LATENCY_FIELD = /\b(?:latency|took|duration|elapsed)"?\s*[=:]?\s*"?([0-9.]+[a-zµμ]+(?:[0-9.]+[a-zµμ]+)*)"?/i;

/** How long a lease renewal took, when the line is about a renewal and states it. */
export function matchRenewLatency(text: string): number | undefined {
  if (!RENEW_WORD.test(text)) {
    return undefined;
  }
  const written = LATENCY_FIELD.exec(text)?.[1];
  return written === undefined ? undefined : parseGoDuration(written);
}

export type LogSeverity = 'error' | 'warning' | 'info' | 'debug';

const LEVELS: Readonly<Record<string, LogSeverity>> = {
  error: 'error',
  err: 'error',
  eror: 'error',
  fatal: 'error',
  panic: 'error',
  dpanic: 'error',
  critical: 'error',
  crit: 'error',
  alert: 'error',
  emerg: 'error',
  emergency: 'error',
  severe: 'error',
  warn: 'warning',
  warning: 'warning',
  wrn: 'warning',
  info: 'info',
  inf: 'info',
  information: 'info',
  notice: 'info',
  debug: 'debug',
  dbg: 'debug',
  trace: 'debug',
  verbose: 'debug',
};

// klog header: Lmmdd hh:mm:ss.uuuuuu
const KLOG = /^([IWEF])\d{4} \d{2}:\d{2}:\d{2}/;
const JSON_LEVEL = /"(?:level|severity|lvl|log\.level)"\s*:\s*"([A-Za-z]+)"/i;
const JSON_VERBOSITY = /"v"\s*:\s*(\d+)/;
const JSON_ERROR = /"err"\s*:/;
const LOGFMT_LEVEL = /(?:^|\s)(?:level|lvl|severity)=("?)([A-Za-z]+)\1(?=\s|$)/i;
const WORD_LEVEL = /(?:^|[\s[(|])(ERROR|ERR|FATAL|PANIC|CRITICAL|WARN|WARNING|INFO|DEBUG|TRACE)(?=$|[\s\]):|,])/;
const BRACKET_LEVEL = /\[(error|err|fatal|panic|critical|warn|warning|info|debug|trace)\]/i;
const WORD_SCAN = 200;

function levelOf(word: string | undefined): LogSeverity | undefined {
  if (word === undefined) {
    return undefined;
  }
  const key = word.toLowerCase();
  return Object.hasOwn(LEVELS, key) ? LEVELS[key] : undefined;
}

/** The severity a log line declares: klog letter, JSON "level", logfmt level=, or a level word. */
export function logSeverity(text: string): LogSeverity | undefined {
  const line = splitTimestamp(text).text;
  const klog = KLOG.exec(line);
  if (klog !== null) {
    return klog[1] === 'W' ? 'warning' : klog[1] === 'I' ? 'info' : 'error';
  }
  if (line.startsWith('{')) {
    const level = levelOf(JSON_LEVEL.exec(line)?.[1]);
    if (level !== undefined) {
      return level;
    }
    // klog's JSON format: info lines carry "v" (verbosity), error lines carry "err" and no "v".
    const verbosity = JSON_VERBOSITY.exec(line);
    if (verbosity !== null) {
      return Number(verbosity[1]) > 0 ? 'debug' : 'info';
    }
    if (JSON_ERROR.test(line)) {
      return 'error';
    }
  }
  const logfmt = levelOf(LOGFMT_LEVEL.exec(line)?.[2]);
  if (logfmt !== undefined) {
    return logfmt;
  }
  const head = line.length > WORD_SCAN ? line.slice(0, WORD_SCAN) : line;
  return levelOf(WORD_LEVEL.exec(head)?.[1]) ?? levelOf(BRACKET_LEVEL.exec(head)?.[1]);
}

// `kubectl logs --timestamps`: RFC 3339 with nine fractional digits, then a space.
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) /;

/** Splits the `--timestamps` prefix off a log line; the line is returned whole when it has none. */
export function splitTimestamp(line: string): { time?: number; text: string } {
  const first = line.charCodeAt(0);
  if (first < 48 || first > 57) {
    return { text: line };
  }
  const m = TIMESTAMP.exec(line);
  if (m === null || m[1] === undefined) {
    return { text: line };
  }
  const time = parseMicroTime(m[1]);
  return time === undefined ? { text: line } : { time, text: line.slice(m[0].length) };
}
