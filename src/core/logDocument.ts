// The controller-log document: a followed Lease's merged, pod-tagged log lines as read-only text
// (URI scheme `lease-lens-log`, language `lease-log`). The client writes it with these functions
// and the Lease server reads it back with them for outline, diagnostics and folding. Pure.
//
//   # Lease kube-system/kube-scheduler in context kind-demo — filter: leadership lines
//   # 120 earlier lines dropped
//   2026-11-21T00:41:36.118002Z [kube-scheduler-cp-1/kube-scheduler] I1121 00:41:36.118002 … successfully acquired lease …
//
// Lines starting with `#` are the header and notes; every other line is one log line: an optional
// MicroTime (six fractional digits, UTC), the pod tag `[pod/container]`, a space and the text.

import type { LogLine } from '../shared/types';
import type { LogFilterState } from '../shared/webviewProtocol';
import { formatMicroTime, parseMicroTime } from './microTime';
import { t } from '../shared/l10n';

export const logDocumentScheme = 'lease-lens-log';
export const logDocumentLanguage = 'lease-log';

export interface LogDocumentLine {
  /** Milliseconds since the epoch (microseconds as the fraction), when the line has a time. */
  time?: number;
  pod?: string;
  container?: string;
  /** The log text. */
  message: string;
  /** Where `message` starts in the document line (UTF-16 code units). */
  messageStart: number;
}

export interface LogDocumentHeader {
  context: string;
  namespace: string;
  name: string;
  /** What the filter shows, as describeLogFilter says it; absent when every line is shown. */
  filter?: string;
}

// Characters that would split a document line (the editor and the LSP text model break lines on
// CR and LF; LS/PS confuse both) and ANSI colour sequences, which read as noise in an editor.
const LINE_BREAKS = /[\r\n\u2028\u2029\u0085]/g;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
// Pod and container names are DNS labels; anything that would break the tag is replaced.
const TAG_UNSAFE = /[\s/[\]]/g;

function oneLine(text: string): string {
  const noAnsi = text.includes('\u001b') ? text.replace(ANSI, '') : text;
  return noAnsi.replace(LINE_BREAKS, ' ');
}

function tagPart(s: string): string {
  return s.replace(TAG_UNSAFE, '_');
}

/** `2026-11-21T00:41:36.118002Z [pod/container] text`: one document line for one log line. */
export function formatLogDocumentLine(line: Pick<LogLine, 'time' | 'pod' | 'container' | 'text'>): string {
  const time = formatMicroTime(line.time);
  const pod = tagPart(line.pod) || '?';
  const tag = line.container ? `[${pod}/${tagPart(line.container)}]` : `[${pod}]`;
  const text = oneLine(line.text);
  return time ? `${time} ${tag} ${text}` : `${tag} ${text}`;
}

// The time is what formatMicroTime writes; parsing also takes any RFC 3339 time a hand-edited or
// older document may hold.
const LINE = /^(?:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) )?\[([^\]/\s]+)(?:\/([^\]\s]*))?\](?: |$)/;

/**
 * Reads one document line. Undefined for the header, notes and blank lines; a line without the
 * `[pod/container]` tag is all message.
 */
export function parseLogDocumentLine(text: string): LogDocumentLine | undefined {
  if (text === '' || text.charCodeAt(0) === 35 /* # */) {
    return undefined;
  }
  const first = text.charCodeAt(0);
  // Cheap test before the expression: tagged lines start with a digit (the time) or '['.
  const m = (first >= 48 && first <= 57) || first === 91 ? LINE.exec(text) : null;
  if (m === null) {
    return text.trim() === '' ? undefined : { message: text, messageStart: 0 };
  }
  const parsed: LogDocumentLine = { message: text.slice(m[0].length), messageStart: m[0].length };
  const time = m[1] === undefined ? undefined : parseMicroTime(m[1]);
  if (time !== undefined) {
    parsed.time = time;
  }
  parsed.pod = m[2];
  if (m[3]) {
    parsed.container = m[3];
  }
  return parsed;
}

/** True for the header and note lines (`# …`). */
export function isLogDocumentComment(text: string): boolean {
  return text.charCodeAt(0) === 35;
}

// Context names are free text: written bare when they are one plain word, else as a JSON string.
const PLAIN_CONTEXT = /^[^\s"#—]+$/;

/**
 * `# Lease kube-system/kube-scheduler in context kind-demo — filter: leadership lines`, in the UI
 * language (parseLogDocumentHeader reads the English form).
 */
export function formatLogDocumentHeader(header: LogDocumentHeader): string {
  const context = PLAIN_CONTEXT.test(header.context) ? header.context : JSON.stringify(oneLine(header.context));
  const base = `# ${t('Lease {0}/{1} in context {2}', header.namespace, header.name, context)}`;
  return header.filter ? t('{0} — filter: {1}', base, oneLine(header.filter)) : base;
}

const HEADER = /^# Lease ([^/\s]+)\/(\S+) in context ("(?:[^"\\]|\\.)*"|[^\s"]+)(?: — filter: (.*))?$/;

/** Reads a header line written by formatLogDocumentHeader in English. */
export function parseLogDocumentHeader(text: string): LogDocumentHeader | undefined {
  const m = HEADER.exec(text);
  if (m === null || m[1] === undefined || m[2] === undefined || m[3] === undefined) {
    return undefined;
  }
  let context = m[3];
  if (context.startsWith('"')) {
    try {
      context = JSON.parse(context) as string;
    } catch {
      return undefined;
    }
  }
  const header: LogDocumentHeader = { context, namespace: m[1], name: m[2] };
  if (m[4]) {
    header.filter = m[4];
  }
  return header;
}

/** A note line (`# text`): lines dropped, no pods found, a stream's problem. */
export function formatLogDocumentNote(text: string): string {
  return `# ${oneLine(text)}`;
}

/**
 * The filter in words for the header: "leadership lines", "errors and warnings matching /x/i",
 * "all lines not containing "probe"". Undefined when the filter shows every line.
 */
export function describeLogFilter(filter: LogFilterState): string | undefined {
  const preset =
    filter.preset === 'leadership' ? t('leadership lines') : filter.preset === 'errors' ? t('errors and warnings') : t('all lines');
  if (filter.text === '') {
    return filter.preset === 'all' ? undefined : preset;
  }
  if (filter.regex) {
    const pattern = `/${filter.text}/${filter.caseSensitive ? '' : 'i'}`;
    return filter.invert ? t('{0} not matching {1}', preset, pattern) : t('{0} matching {1}', preset, pattern);
  }
  const text = JSON.stringify(filter.text);
  if (filter.caseSensitive) {
    return filter.invert
      ? t('{0} not containing {1} (case-sensitive)', preset, text)
      : t('{0} containing {1} (case-sensitive)', preset, text);
  }
  return filter.invert ? t('{0} not containing {1}', preset, text) : t('{0} containing {1}', preset, text);
}
