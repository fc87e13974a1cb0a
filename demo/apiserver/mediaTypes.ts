// What form an answer takes, chosen from the Accept header like kube-apiserver's negotiation: the
// first acceptable entry wins. Served: plain JSON (`application/json`, `*/*`), Tables
// (`as=Table;g=meta.k8s.io`) and metadata only (`as=PartialObjectMetadata` / `PartialObjectMetadataList`
// with `g=meta.k8s.io`, v1 or v1beta1). Protobuf is not served, so its entries are passed over for
// the next one.
import { errorWith } from './status';

export type AnswerForm =
  { as: 'object' } | { as: 'Table'; version: string } | { as: 'PartialObjectMetadata' | 'PartialObjectMetadataList'; version: string };

const metaVersions = ['v1', 'v1beta1'];

function parseEntry(entry: string): { type: string; params: Map<string, string> } {
  const [type, ...rest] = entry.split(';').map((p) => p.trim());
  const params = new Map<string, string>();
  for (const p of rest) {
    const i = p.indexOf('=');
    if (i > 0) {
      params.set(p.slice(0, i).trim().toLowerCase(), p.slice(i + 1).trim());
    }
  }
  return { type: (type ?? '').toLowerCase(), params };
}

function formOf(entry: string): AnswerForm | undefined {
  const { type, params } = parseEntry(entry);
  if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') {
    return undefined;
  }
  const as = params.get('as');
  if (as === undefined) {
    return { as: 'object' };
  }
  const version = params.get('v') ?? '';
  if (params.get('g') !== 'meta.k8s.io' || !metaVersions.includes(version)) {
    return undefined;
  }
  if (as === 'Table' || as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') {
    return { as, version };
  }
  return undefined;
}

/**
 * The form of the answer to `accept`. No Accept, or only entries this server does not serve and
 * no `as=` among them (e.g. protobuf alone): plain JSON. Entries that all ask for a form this server
 * cannot give: 406 NotAcceptable, as kube-apiserver answers.
 */
export function negotiate(accept: string | undefined): AnswerForm {
  if (!accept) {
    return { as: 'object' };
  }
  const entries = accept.split(',').filter((e) => e.trim() !== '');
  for (const e of entries) {
    const form = formOf(e);
    if (form) {
      return form;
    }
  }
  if (entries.some((e) => parseEntry(e).params.has('as'))) {
    throw notAcceptable();
  }
  return { as: 'object' };
}

function notAcceptable(
  message = 'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf',
) {
  return errorWith(406, message, 'NotAcceptable');
}

/**
 * kube-apiserver's check after negotiation: a list answers PartialObjectMetadataList, a get or a
 * watch PartialObjectMetadata; the other one is 406.
 */
export function checkMetadataShape(form: AnswerForm, isList: boolean): void {
  if (form.as === 'PartialObjectMetadata' && isList) {
    throw notAcceptable('you requested PartialObjectMetadata, but the requested object is a list');
  }
  if (form.as === 'PartialObjectMetadataList' && !isList) {
    throw notAcceptable('you requested PartialObjectMetadataList, but the requested object is not a list');
  }
}

export function metadataContentType(kind: 'PartialObjectMetadata' | 'PartialObjectMetadataList', version: string): string {
  return `application/json;as=${kind};v=${version};g=meta.k8s.io`;
}

/** The PartialObjectMetadata of an object (meta.k8s.io/<version>). */
export function partialObjectMetadata(metadata: unknown, version = 'v1'): Record<string, unknown> {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata };
}

/** The sorted top-level field names of objects (what the request log keeps as `objectFields`). */
export function fieldsOf(objects: Iterable<object>, into = new Set<string>()): Set<string> {
  for (const o of objects) {
    for (const k of Object.keys(o)) {
      into.add(k);
    }
  }
  return into;
}
