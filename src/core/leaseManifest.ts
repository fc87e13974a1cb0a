// Finding coordination.k8s.io/v1 Leases in YAML text, with the position of every field that
// matters, for diagnostics, hovers and code lenses on Lease manifests. Pure.
//
// The `yaml` package reads the text (src/core/yamlDocuments.ts) and keeps every node's range, so
// multi-document files, flow style (`metadata: {name: a}`), block scalars and anchors/aliases are
// located as exactly as block-style mappings. Values are what YAML 1.2's core schema reads
// (timestamps stay strings).
import { isAlias, isMap, isScalar, type Document, type Node, type Pair } from 'yaml';
import { parseYamlText, resolved, type YamlText } from './yamlDocuments';

/** A scalar value. Positions are UTF-16 code units within the line, end exclusive. */
export interface YamlScalar {
  /** The text as written, quotes included. */
  raw: string;
  /** What YAML reads: string, number, boolean, null; undefined when it could not be read. */
  value: unknown;
  line: number;
  start: number;
  /** The last line, set only when the value spans several lines (block and multi-line scalars); `end` is on it. */
  endLine?: number;
  end: number;
}

/** One `key: value` entry of a block mapping. */
export interface YamlEntry {
  key: string;
  line: number;
  keyStart: number;
  keyEnd: number;
  /** The value when it is a scalar (or an alias of one); where it is written. */
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

/** The scalar a node is, or names through an alias, written at the node's own place. */
export function scalarOf(node: unknown, yaml: YamlText, doc: Document.Parsed): YamlScalar | undefined {
  const target = resolved(node, doc);
  if (!isScalar(target) || (!isScalar(node) && !isAlias(node))) {
    return undefined;
  }
  const range = (node as Node).range;
  if (range === undefined || range === null || range[1] <= range[0]) {
    return undefined; // `key:` with nothing after it
  }
  // A block scalar's range takes in the line breaks after it; the value ends at its last character.
  let end = range[1];
  while (end > range[0] && /[\r\n]/.test(yaml.text[end - 1] ?? '')) {
    end--;
  }
  const from = yaml.position(range[0]);
  const to = yaml.position(end);
  const scalar: YamlScalar = {
    raw: yaml.text.slice(range[0], end),
    value: target.value,
    line: from.line,
    start: from.character,
    end: to.character,
  };
  if (to.line !== from.line) {
    scalar.endLine = to.line;
  }
  return scalar;
}

/** A `key: value` pair as an entry, when its key is a scalar. */
export function entryOf(pair: Pair, yaml: YamlText, doc: Document.Parsed): YamlEntry | undefined {
  const key = pair.key;
  const keyNode = resolved(key, doc);
  if (!isScalar(keyNode) || !(isScalar(key) || isAlias(key)) || key.range === undefined || key.range === null) {
    return undefined;
  }
  const from = yaml.position(key.range[0]);
  const to = yaml.position(key.range[1]);
  const entry: YamlEntry = {
    key: String(keyNode.value),
    line: from.line,
    keyStart: from.character,
    keyEnd: to.line === from.line ? to.character : from.character,
  };
  const value = scalarOf(pair.value, yaml, doc);
  if (value !== undefined) {
    entry.value = value;
  }
  return entry;
}

/** The entries of a mapping node (aliases followed), first occurrence of a key wins, with their value nodes. */
export function mappingEntries(node: unknown, yaml: YamlText, doc: Document.Parsed): Map<string, { entry: YamlEntry; node: unknown }> {
  const entries = new Map<string, { entry: YamlEntry; node: unknown }>();
  const map = resolved(node, doc);
  if (!isMap(map)) {
    return entries;
  }
  for (const pair of map.items) {
    const entry = entryOf(pair, yaml, doc);
    if (entry !== undefined && !entries.has(entry.key)) {
      entries.set(entry.key, { entry, node: pair.value });
    }
  }
  return entries;
}

function entriesOnly(entries: Map<string, { entry: YamlEntry }>): Map<string, YamlEntry> {
  return new Map([...entries].map(([key, { entry }]) => [key, entry]));
}

/** The line ranges of the documents, split at `---` and `...` lines (each document's first and last line). */
export function documentLines(text: string): { startLine: number; endLine: number }[] {
  const lines = text.split(EOL);
  const spans: { startLine: number; endLine: number }[] = [];
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (DOCUMENT_START.test(line) || DOCUMENT_END.test(line)) {
      if (i - 1 >= start) {
        spans.push({ startLine: start, endLine: i - 1 });
      }
      start = i + 1;
    }
  }
  if (lines.length - 1 >= start) {
    spans.push({ startLine: start, endLine: lines.length - 1 });
  }
  return spans;
}

/** The first and last line of the document whose content starts on `line`. */
export function documentSpan(
  spans: readonly { startLine: number; endLine: number }[],
  line: number,
): { startLine: number; endLine: number } {
  return spans.find((s) => line >= s.startLine && line <= s.endLine) ?? { startLine: line, endLine: line };
}

function leaseIn(
  yaml: YamlText,
  doc: Document.Parsed,
  spans: readonly { startLine: number; endLine: number }[],
): LeaseManifest | undefined {
  const top = mappingEntries(doc.contents, yaml, doc);
  const apiVersion = top.get('apiVersion')?.entry;
  const kind = top.get('kind')?.entry;
  if (kind?.value?.value !== 'Lease' || apiVersion?.value?.value !== leaseApiVersion) {
    return undefined;
  }
  const contents = doc.contents as Node | null;
  const span = documentSpan(spans, contents?.range ? yaml.position(contents.range[0]).line : kind.line);
  const manifest: LeaseManifest = { ...span, apiVersion, kind, metadataFields: new Map(), specFields: new Map() };
  const metadata = top.get('metadata');
  if (metadata !== undefined) {
    manifest.metadata = metadata.entry;
    manifest.metadataFields = entriesOnly(mappingEntries(metadata.node, yaml, doc));
  }
  const spec = top.get('spec');
  if (spec !== undefined) {
    manifest.spec = spec.entry;
    manifest.specFields = entriesOnly(mappingEntries(spec.node, yaml, doc));
  }
  return manifest;
}

/** Every coordination.k8s.io/v1 Lease in the YAML text, one per YAML document that is one. */
export function findLeaseManifests(text: string): LeaseManifest[] {
  // Cheap rejection of the YAML files that are not Leases at all.
  if (!text.includes('Lease') || !text.includes(leaseApiVersion)) {
    return [];
  }
  const yaml = parseYamlText(text);
  const spans = documentLines(text);
  const found: LeaseManifest[] = [];
  for (const doc of yaml.documents) {
    const lease = leaseIn(yaml, doc, spans);
    if (lease !== undefined) {
      found.push(lease);
    }
  }
  return found;
}

/** The string value of an entry, when it is a string. */
export function stringValue(entry: YamlEntry | undefined): string | undefined {
  const value = entry?.value?.value;
  return typeof value === 'string' ? value : undefined;
}
