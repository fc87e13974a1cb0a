// A small YAML writer for generated documents: block mappings and sequences with comments, every
// string double-quoted by yamlString with anything but printable ASCII escaped (so no value can end
// a line, start a comment or change a type), keys plain only when they are plain identifiers.
// Not the `yaml` library's writer: it writes DEL and C1 controls raw inside double quotes, which
// YAML 1.2 does not allow (Go's YAML parser, as Prometheus uses, rejects them). The tests read the
// output back with the `yaml` library and with Prometheus's own parser. Pure.
import { commentText, yamlString } from './escape';

export type YamlValue = string | number | boolean | YamlMap | readonly YamlValue[];

export interface YamlMap {
  readonly entries: readonly YamlEntry[];
  /** Comment lines written before the mapping (before its `-` in a sequence). */
  readonly comment?: readonly string[];
}

export interface YamlEntry {
  readonly key: string;
  readonly value: YamlValue;
  /** Comment lines written before the key. */
  readonly comment?: readonly string[];
}

export function yamlMap(entries: readonly YamlEntry[], comment?: readonly string[]): YamlMap {
  return { entries, comment };
}

/** Entries of a map from an object of plain values, in its key order; undefined values left out. */
export function entriesOf(values: Readonly<Record<string, YamlValue | undefined>>): YamlEntry[] {
  return Object.entries(values)
    .filter((e): e is [string, YamlValue] => e[1] !== undefined)
    .map(([key, value]) => ({ key, value }));
}

function isMap(v: YamlValue): v is YamlMap {
  return typeof v === 'object' && !Array.isArray(v) && 'entries' in v;
}

function scalar(v: string | number | boolean): string {
  if (typeof v === 'string') {
    return yamlString(v);
  }
  if (typeof v === 'number') {
    return Number.isFinite(v) ? String(v) : '0';
  }
  return v ? 'true' : 'false';
}

function key(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(k) ? k : yamlString(k);
}

function comments(lines: readonly string[] | undefined, indent: string): string[] {
  return (lines ?? []).map((line) => (line === '' ? `${indent}#` : `${indent}# ${commentText(line, 400)}`));
}

function isEmpty(v: YamlValue): boolean {
  return (isMap(v) && v.entries.length === 0) || (Array.isArray(v) && v.length === 0);
}

function emptyText(v: YamlValue): string {
  return isMap(v) ? '{}' : '[]';
}

/** A mapping's lines at `indent`; the first line starts with `firstLead` instead (a sequence's `- `). */
function mapLines(map: YamlMap, indent: string, firstLead = indent): string[] {
  const out: string[] = [];
  map.entries.forEach((entry, i) => {
    const lead = i === 0 ? firstLead : indent;
    out.push(...comments(entry.comment, indent));
    const value = entry.value;
    if (typeof value !== 'object') {
      out.push(`${lead}${key(entry.key)}: ${scalar(value)}`);
    } else if (isEmpty(value)) {
      out.push(`${lead}${key(entry.key)}: ${emptyText(value)}`);
    } else {
      out.push(`${lead}${key(entry.key)}:`);
      out.push(...valueLines(value, `${indent}  `));
    }
  });
  return out;
}

function valueLines(value: YamlMap | readonly YamlValue[], indent: string): string[] {
  if (isMap(value)) {
    return [...comments(value.comment, indent), ...mapLines(value, indent)];
  }
  const out: string[] = [];
  for (const item of value as readonly YamlValue[]) {
    if (typeof item !== 'object') {
      out.push(`${indent}- ${scalar(item)}`);
    } else if (isEmpty(item)) {
      out.push(`${indent}- ${emptyText(item)}`);
    } else if (isMap(item)) {
      out.push(...comments(item.comment, indent));
      out.push(...mapLines(item, `${indent}  `, `${indent}- `));
    } else {
      out.push(`${indent}-`);
      out.push(...valueLines(item, `${indent}  `));
    }
  }
  return out;
}

/** The document: the header comment lines, then the top-level mapping. Ends with a newline. */
export function yamlDocument(map: YamlMap): string {
  return `${valueLines(map, '').join('\n')}\n`;
}
