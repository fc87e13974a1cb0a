// A small, strict parser of the Prometheus text exposition format (version 0.0.4), for the metrics
// the candidate pods serve through the API server's pod proxy. Our own rather than a package: the
// npm parsers of this format (parse-prometheus-text-format and its forks) have had no release since
// 2020, and a pod's answer is untrusted, so every dimension is bounded here: line length, series
// count and labels per series; a malformed line fails the whole parse with its line number.
// Only samples are kept (HELP and TYPE lines and comments are checked and skipped), and only of the
// metric names asked for. Labels are a Map: a label named `__proto__` stays a label. Pure.
import { t } from '../shared/l10n';

export interface PromSample {
  name: string;
  labels: ReadonlyMap<string, string>;
  value: number;
}

export interface PromParseOptions {
  /** Only samples of these metric names are kept (every line is still checked). Default: all. */
  names?: ReadonlySet<string>;
  /** Longest line accepted, in characters (default 16 384). */
  maxLineLength?: number;
  /** Most series (sample lines) read; past it the parse stops with `truncated` (default 20 000). */
  maxSeries?: number;
  /** Most labels on one series (default 64). */
  maxLabels?: number;
}

export type PromParseResult =
  { ok: true; samples: PromSample[]; series: number; truncated: boolean } | { ok: false; line: number; error: string };

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const METRIC_TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const TIMESTAMP = /^-?\d{1,19}$/;

class LineError extends Error {}

function parseValue(s: string): number {
  switch (s) {
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    case 'NaN':
      return NaN;
  }
  if (!FLOAT.test(s)) {
    throw new LineError(t('"{0}" is not a number', s.slice(0, 40)));
  }
  return Number(s);
}

/** Reads `{a="x",b="y"}` from `line` at `start` (the `{`); returns the labels and the index after `}`. */
function parseLabels(line: string, start: number, maxLabels: number): { labels: Map<string, string>; end: number } {
  const labels = new Map<string, string>();
  let i = start + 1;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') {
      i++;
    }
    if (line[i] === '}') {
      return { labels, end: i + 1 };
    }
    const name = LABEL_NAME.exec(line.slice(i, i + 256))?.[0];
    if (!name) {
      throw new LineError(t('a label name was expected'));
    }
    i += name.length;
    while (line[i] === ' ' || line[i] === '\t') {
      i++;
    }
    if (line[i] !== '=' || line[i + 1] !== '"') {
      throw new LineError(t('label {0} has no quoted value', name));
    }
    i += 2;
    let value = '';
    for (;;) {
      const c = line[i];
      if (c === undefined) {
        throw new LineError(t('the value of label {0} is not closed', name));
      }
      if (c === '"') {
        i++;
        break;
      }
      if (c === '\\') {
        const next = line[i + 1];
        if (next === 'n') {
          value += '\n';
        } else if (next === '\\' || next === '"') {
          value += next;
        } else {
          throw new LineError(t('bad escape in the value of label {0}', name));
        }
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    if (labels.has(name)) {
      throw new LineError(t('label {0} appears twice', name));
    }
    labels.set(name, value);
    if (labels.size > maxLabels) {
      throw new LineError(t('more than {0} labels', maxLabels));
    }
    while (line[i] === ' ' || line[i] === '\t') {
      i++;
    }
    if (line[i] === ',') {
      i++;
    } else if (line[i] !== '}') {
      throw new LineError(t('"," or "}" was expected after label {0}', name));
    }
  }
}

function checkComment(line: string): void {
  const m = /^#[ \t]+(HELP|TYPE)[ \t]+(.*)$/.exec(line);
  if (!m) {
    return; // an ordinary comment
  }
  const rest = m[2]!;
  const name = METRIC_NAME.exec(rest)?.[0];
  if (!name || (rest.length > name.length && !/^[ \t]/.test(rest.slice(name.length)))) {
    throw new LineError(t('{0} names no metric', m[1]!));
  }
  if (m[1] === 'TYPE' && !METRIC_TYPES.has(rest.slice(name.length).trim())) {
    throw new LineError(t('unknown metric type "{0}"', rest.slice(name.length).trim().slice(0, 40)));
  }
}

/** Parses a metrics page. Strict: the first malformed line fails it, naming the line. */
export function parsePromText(text: string, opts: PromParseOptions = {}): PromParseResult {
  const maxLineLength = opts.maxLineLength ?? 16_384;
  const maxSeries = opts.maxSeries ?? 20_000;
  const maxLabels = opts.maxLabels ?? 64;
  const samples: PromSample[] = [];
  let series = 0;
  let lineNo = 0;
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const endOfLine = nl === -1 ? text.length : nl;
    lineNo++;
    if (endOfLine - pos > maxLineLength + 1) {
      return { ok: false, line: lineNo, error: t('the line is longer than {0} characters', maxLineLength) };
    }
    let line = text.slice(pos, endOfLine);
    pos = endOfLine + 1;
    if (line.endsWith('\r')) {
      line = line.slice(0, -1);
    }
    if (line.length > maxLineLength) {
      return { ok: false, line: lineNo, error: t('the line is longer than {0} characters', maxLineLength) };
    }
    const trimmed = line.trim();
    if (trimmed === '') {
      continue;
    }
    try {
      if (trimmed.startsWith('#')) {
        checkComment(trimmed);
        continue;
      }
      if (series >= maxSeries) {
        return { ok: true, samples, series, truncated: true };
      }
      series++;
      const name = METRIC_NAME.exec(trimmed)?.[0];
      if (!name) {
        throw new LineError(t('a metric name was expected'));
      }
      let i = name.length;
      let labels: Map<string, string> = new Map();
      if (trimmed[i] === '{') {
        const parsed = parseLabels(trimmed, i, maxLabels);
        labels = parsed.labels;
        i = parsed.end;
      }
      const rest = trimmed.slice(i);
      if (!/^[ \t]/.test(rest)) {
        throw new LineError(t('a value was expected after {0}', name));
      }
      const fields = rest.trim().split(/[ \t]+/);
      if (fields.length > 2) {
        throw new LineError(t('unexpected text after the value of {0}', name));
      }
      const value = parseValue(fields[0]!);
      if (fields[1] !== undefined && !TIMESTAMP.test(fields[1])) {
        throw new LineError(t('"{0}" is not a timestamp', fields[1].slice(0, 40)));
      }
      if (!opts.names || opts.names.has(name)) {
        samples.push({ name, labels, value });
      }
    } catch (e) {
      if (e instanceof LineError) {
        return { ok: false, line: lineNo, error: e.message };
      }
      throw e;
    }
    if (nl === -1) {
      break;
    }
  }
  return { ok: true, samples, series, truncated: false };
}
