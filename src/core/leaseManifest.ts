// Finding coordination.k8s.io/v1 Leases in YAML text, with the position of every field that
// matters, for diagnostics, hovers and code lenses on Lease manifests. Pure.
//
// js-yaml gives values but no positions, so a line scanner locates the block-style mapping that
// manifests use (`kubectl get -o yaml`, hand-written files): top-level keys at column 0,
// `metadata:` and `spec:` children one level in, one scalar per line. Each scalar is then read by
// js-yaml (core schema: no timestamp conversion) so its value is exactly what YAML says. Flow
// style, block scalars and multi-line scalars are not located (no position, no diagnostic).

import { CORE_SCHEMA, load } from 'js-yaml';

/** A scalar value on one line. Positions are UTF-16 code units within the line, end exclusive. */
export interface YamlScalar {
  /** The text as written, quotes included. */
  raw: string;
  /** What YAML reads: string, number, boolean, null; undefined when it could not be read. */
  value: unknown;
  line: number;
  start: number;
  end: number;
}

/** One `key: value` entry of a block mapping. */
export interface YamlEntry {
  key: string;
  line: number;
  keyStart: number;
  keyEnd: number;
  /** The value when it is a scalar on the key's line. */
  value?: YamlScalar;
}

export interface LeaseManifest {
  /** First and last line of the YAML document that holds the Lease. */
  startLine: number;
  endLine: number;
  apiVersion: YamlEntry;
  kind: YamlEntry;
  metadata?: YamlEntry;
  spec?: YamlEntry;
  /** Entries directly under `metadata:` (name, namespace, …), first occurrence of each key. */
  metadataFields: ReadonlyMap<string, YamlEntry>;
  /** Entries directly under `spec:` (holderIdentity, renewTime, …). */
  specFields: ReadonlyMap<string, YamlEntry>;
}

export const leaseApiVersion = 'coordination.k8s.io/v1';

const EOL = /\r\n|\r|\n/;
const DOCUMENT_START = /^---(?:[ \t]|$)/;
const DOCUMENT_END = /^\.\.\.(?:[ \t]|$)/;
// `key:` followed by a space, a tab or the end of the line; keys may be quoted.
const KEY = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s'"#{}[\],&*!|>%@`-][^:#]*?|-[^\s:#][^:#]*?))[ \t]*:(?=[ \t]|$)/;

function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 32) {
    i++;
  }
  return i;
}

/** True for lines that hold no content: blank or a comment. */
function isBlank(line: string, indent: number): boolean {
  if (indent >= line.length) {
    return true;
  }
  const rest = line.slice(indent);
  return rest.trim() === '' || rest.trimStart().startsWith('#');
}

function readScalar(raw: string): unknown {
  try {
    return load(raw, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
}

/** The scalar that starts at `start` on `line`, or undefined when it is not a one-line scalar. */
function scalarAt(text: string, line: number, start: number): YamlScalar | undefined {
  const first = text[start];
  if (first === undefined || first === '#' || first === '|' || first === '>') {
    return undefined;
  }
  let end: number;
  if (first === '"' || first === "'") {
    let i = start + 1;
    for (;;) {
      if (i >= text.length) {
        return undefined; // continues on the next line
      }
      const c = text[i];
      if (first === '"' && c === '\\') {
        i += 2;
        continue;
      }
      if (c === first) {
        if (first === "'" && text[i + 1] === "'") {
          i += 2;
          continue;
        }
        break;
      }
      i++;
    }
    end = i + 1;
  } else {
    // A plain scalar ends at a comment (` #`) or the end of the line.
    const comment = text.slice(start).search(/[ \t]#/);
    end = comment < 0 ? text.length : start + comment;
    while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) {
      end--;
    }
  }
  const raw = text.slice(start, end);
  return { raw, value: readScalar(raw), line, start, end };
}

/** The `key: value` entry starting at column `indent` of `line`, if the line holds one. */
function entryAt(text: string, line: number, indent: number): YamlEntry | undefined {
  const m = KEY.exec(text.slice(indent));
  if (m === null) {
    return undefined;
  }
  const key =
    m[1] !== undefined
      ? ((readScalar(`"${m[1]}"`) as string | undefined) ?? m[1])
      : m[2] !== undefined
        ? m[2].replace(/''/g, "'")
        : (m[3] ?? '');
  const colon = indent + m[0].length - 1;
  const entry: YamlEntry = { key, line, keyStart: indent, keyEnd: indent + m[0].replace(/[ \t]*:$/, '').length };
  let start = colon + 1;
  while (start < text.length && (text[start] === ' ' || text[start] === '\t')) {
    start++;
  }
  const value = scalarAt(text, line, start);
  if (value !== undefined) {
    entry.value = value;
  }
  return entry;
}

/**
 * The entries of the block mapping in lines [from, to]: those at the indentation of its first
 * content line, which must be deeper than `parentIndent`. The first occurrence of a key wins.
 */
function mappingEntries(lines: readonly string[], from: number, to: number, parentIndent: number): Map<string, YamlEntry> {
  const entries = new Map<string, YamlEntry>();
  let indent = -1;
  for (let i = from; i <= to; i++) {
    const text = lines[i] ?? '';
    const at = indentOf(text);
    if (isBlank(text, at)) {
      continue;
    }
    if (indent < 0) {
      if (at <= parentIndent) {
        break;
      }
      indent = at;
    }
    if (at !== indent) {
      continue;
    }
    const entry = entryAt(text, i, at);
    if (entry !== undefined && !entries.has(entry.key)) {
      entries.set(entry.key, entry);
    }
  }
  return entries;
}

/** The last line of the block of `entry`: the lines after it indented deeper than its key. */
function blockEnd(lines: readonly string[], entry: YamlEntry, to: number): number {
  let end = entry.line;
  for (let i = entry.line + 1; i <= to; i++) {
    const text = lines[i] ?? '';
    const at = indentOf(text);
    if (isBlank(text, at)) {
      continue;
    }
    if (at <= entry.keyStart) {
      break;
    }
    end = i;
  }
  return end;
}

/** The entries of the mapping nested under `entry`, when its value is a block on the next lines. */
function nestedEntries(lines: readonly string[], entry: YamlEntry, to: number): Map<string, YamlEntry> {
  if (entry.value !== undefined) {
    return new Map();
  }
  return mappingEntries(lines, entry.line + 1, blockEnd(lines, entry, to), entry.keyStart);
}

function leaseIn(lines: readonly string[], from: number, to: number): LeaseManifest | undefined {
  const top = mappingEntries(lines, from, to, -1);
  const apiVersion = top.get('apiVersion');
  const kind = top.get('kind');
  if (kind?.value?.value !== 'Lease' || apiVersion?.value?.value !== leaseApiVersion) {
    return undefined;
  }
  const manifest: LeaseManifest = { startLine: from, endLine: to, apiVersion, kind, metadataFields: new Map(), specFields: new Map() };
  const metadata = top.get('metadata');
  if (metadata !== undefined) {
    manifest.metadata = metadata;
    manifest.metadataFields = nestedEntries(lines, metadata, to);
  }
  const spec = top.get('spec');
  if (spec !== undefined) {
    manifest.spec = spec;
    manifest.specFields = nestedEntries(lines, spec, to);
  }
  return manifest;
}

/** Every coordination.k8s.io/v1 Lease in the YAML text, one per YAML document that is one. */
export function findLeaseManifests(text: string): LeaseManifest[] {
  // Cheap rejection of the YAML files that are not Leases at all.
  if (!text.includes('Lease') || !text.includes(leaseApiVersion)) {
    return [];
  }
  const lines = text.split(EOL);
  const found: LeaseManifest[] = [];
  let start = 0;
  const flush = (end: number): void => {
    if (end >= start) {
      const lease = leaseIn(lines, start, end);
      if (lease !== undefined) {
        found.push(lease);
      }
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (DOCUMENT_START.test(line) || DOCUMENT_END.test(line)) {
      flush(i - 1);
      start = i + 1;
    }
  }
  flush(lines.length - 1);
  return found;
}

/** The string value of an entry, when it is a string. */
export function stringValue(entry: YamlEntry | undefined): string | undefined {
  const value = entry?.value?.value;
  return typeof value === 'string' ? value : undefined;
}
