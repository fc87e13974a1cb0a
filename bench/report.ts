// What every benchmark's report shares (bench/run.ts, bench/fleet.ts, bench/editor/run.ts,
// bench/peers/run.ts): a figure as text, a target's verdict, a number option and the table.
import { round } from './stats';

/** A target as the reports print it: its limit and PASS, MISS or (n/a). */
export interface TargetVerdict {
  name: string;
  limit: string;
  pass: boolean | null;
}

/** A figure with `digits` decimals; an absent or non-finite one is a dash. */
export function figure(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : round(v, digits).toFixed(digits);
}

/** The target's limit and verdict, e.g. "≤ 150 MB PASS"; empty when there is no such target. */
export function verdict(targets: readonly TargetVerdict[], name: string): string {
  const tg = targets.find((x) => x.name === name);
  return tg ? `${tg.limit} ${tg.pass === null ? '(n/a)' : tg.pass ? 'PASS' : 'MISS'}` : '';
}

/** A number option: the fallback when absent; a positive number (or ≥ 0 with `zero`), else an error. */
export function numberOption(v: string | undefined, fallback: number, zero = false): number {
  if (v === undefined) {
    return fallback;
  }
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !zero)) {
    throw new Error(zero ? `not a number ≥ 0: ${v}` : `not a positive number: ${v}`);
  }
  return n;
}

/** The report's last line: "targets: 9 pass, 1 miss, 0 n/a". */
export function targetsLine(targets: readonly TargetVerdict[]): string {
  const count = (pass: boolean | null): number => targets.filter((x) => x.pass === pass).length;
  return `targets: ${count(true)} pass, ${count(false)} miss, ${count(null)} n/a`;
}

/**
 * The report's table: the head, a rule of dashes, then the rows; columns two spaces apart, the
 * first (metric) and the last (target) aligned left, the figures between aligned right.
 */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((x) => (x[i] ?? '').length)));
  const last = head.length - 1;
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 0 || i === last ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
