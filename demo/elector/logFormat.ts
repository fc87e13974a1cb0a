// Log line formats of Go controllers: klog text (printf style, client-go up to 1.34), klog
// structured text (client-go 1.35+), and JSON (klog's JSON format; controller-runtime's zap lines for
// what the manager itself says). Shapes follow test/fixtures/controller-logs.txt.
import { formatMicroTime } from './microTime';

export type LogFormat = 'klog-printf' | 'klog-structured' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['klog-printf', 'klog-structured', 'json'];

export type LogValue = string | number | boolean;
export type KeyValues = ReadonlyArray<readonly [string, LogValue]>;

/** One log call of a Go program, in the terms every format needs. */
export interface LogRecord {
  severity: 'I' | 'W' | 'E';
  /** Source location: `leaderelection.go:260`; the package directory goes in the JSON caller. */
  pkg: string;
  file: string;
  line: number;
  /** The message as klog.Infof/Errorf printed it (klog-printf). */
  text: string;
  /** The constant message of klog.InfoS/ErrorS (klog-structured, json). */
  msg: string;
  err?: string;
  kv?: KeyValues;
  /** Written by controller-runtime's zap logger instead of klog in the JSON format. */
  zap?: { logger: string; errorKey?: string };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `I1121 00:41:17.924123       1 leaderelection.go:250] ` (klog header, UTC). */
export function klogHeader(severity: LogRecord['severity'], epochMs: number, file: string, line: number, pid = 1): string {
  const d = new Date(Math.floor(epochMs));
  const micros = formatMicroTime(epochMs).slice(20, 26);
  const date = `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${micros}`;
  return `${severity}${date} ${time} ${String(pid).padStart(7, ' ')} ${file}:${line}] `;
}

/** Go's %q for the strings we log (ASCII): JSON's escaping is the same for them. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

function kvText(kv: KeyValues): string {
  return kv.map(([k, v]) => ` ${k}=${typeof v === 'string' ? goQuote(v) : String(v)}`).join('');
}

export function formatLogLine(format: LogFormat, epochMs: number, rec: LogRecord): string {
  const kv = rec.kv ?? [];
  switch (format) {
    case 'klog-printf':
      return klogHeader(rec.severity, epochMs, rec.file, rec.line) + rec.text;
    case 'klog-structured': {
      const err = rec.err !== undefined ? ` err=${goQuote(rec.err)}` : '';
      return `${klogHeader(rec.severity, epochMs, rec.file, rec.line)}${goQuote(rec.msg)}${err}${kvText(kv)}`;
    }
    case 'json': {
      if (rec.zap) {
        const level = rec.severity === 'E' ? 'error' : rec.severity === 'W' ? 'warn' : 'info';
        const obj: Record<string, LogValue> = {
          level,
          ts: formatMicroTime(epochMs).slice(0, 23) + 'Z',
          logger: rec.zap.logger,
          msg: rec.msg,
        };
        for (const [k, v] of kv) {
          obj[k] = v;
        }
        if (rec.err !== undefined) {
          obj[rec.zap.errorKey ?? 'error'] = rec.err;
        }
        return JSON.stringify(obj);
      }
      const obj: Record<string, LogValue> = {
        ts: Math.round(epochMs * 1000) / 1000,
        caller: `${rec.pkg}/${rec.file}:${rec.line}`,
        msg: rec.msg,
      };
      if (rec.severity === 'E') {
        if (rec.err !== undefined) {
          obj.err = rec.err;
        }
      } else {
        obj.v = 0;
      }
      for (const [k, v] of kv) {
        obj[k] = v;
      }
      return JSON.stringify(obj);
    }
  }
}
