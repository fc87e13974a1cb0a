// YAML text as documents with positions, read by the `yaml` package (eemeli/yaml: YAML 1.2 core
// schema, so timestamps stay strings): multi-document files, flow style, block scalars, anchors
// and aliases. Positions are 0-based lines and UTF-16 columns, as LSP wants them. Pure.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';

export interface YamlText {
  text: string;
  documents: Document.Parsed[];
  /** Line and column of an offset into the text. */
  position(offset: number): { line: number; character: number };
}

export function parseYamlText(text: string): YamlText {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, schema: 'core', uniqueKeys: false, strict: false, prettyErrors: false });
  const list = Array.isArray(documents) ? documents : [];
  return {
    text,
    documents: list,
    position(offset) {
      const { line, col } = lineCounter.linePos(offset);
      return { line: line - 1, character: col - 1 };
    },
  };
}

/** A node with an alias followed to what it names (in `doc`); the alias itself when that fails. */
export function resolved(node: unknown, doc: Document.Parsed): unknown {
  if (isAlias(node)) {
    try {
      return node.resolve(doc) ?? node;
    } catch {
      return node;
    }
  }
  return node;
}

/** The value of the pair with string key `key` in a mapping node, aliases followed. */
export function mapGet(node: unknown, key: string, doc: Document.Parsed): unknown {
  const map = resolved(node, doc);
  if (!isMap(map)) {
    return undefined;
  }
  for (const pair of map.items) {
    const k = resolved(pair.key, doc);
    if (isScalar(k) && String(k.value) === key) {
      return resolved(pair.value, doc);
    }
  }
  return undefined;
}

/** The items of a sequence node, aliases followed, each with the node it was written as (for its range). */
export function seqItems(node: unknown, doc: Document.Parsed): { node: unknown; written: Node | undefined }[] {
  const seq = resolved(node, doc);
  if (!isSeq(seq)) {
    return [];
  }
  return seq.items.map((item) => ({
    node: resolved(item, doc),
    written: (isAlias(item) || isScalar(item) || isMap(item) || isSeq(item) ? item : undefined) as Node | undefined,
  }));
}
