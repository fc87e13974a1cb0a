// Resource requests: list (selectors, limit/continue, Table), watch, get, create, update, patch,
// delete, and pods/log — each answering with the real server's shapes and errors.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeContinue, encodeContinue, keyOf, type Paginator } from './pagination';
import { type AnswerForm, checkMetadataShape, fieldsOf, metadataContentType, negotiate, partialObjectMetadata } from './mediaTypes';
import { applyPatch } from './patch';
import { servePodLog } from './podLog';
import { servePodProxy } from './podProxy';
import { readJson, sendJson, sendStatus } from './respond';
import { type RequestInfo, parseBool } from './requestInfo';
import type { RequestRecord } from './requestLog';
import type { FaultRequest } from './faults';
import { apiVersionOf, grOf, type ResourceDef, writeDefs } from './resources';
import { matchFields, matchLabels, parseFieldSelector, parseLabelSelector } from './selectors';
import { badRequest, errorWith, methodNotAllowed, notFound, success, unparsableResourceVersion } from './status';
import type { ClusterStore, DeletePreconditions } from './store';
import type { StreamRegistry } from './streams';
import { parseIncludeObject, tableContentType, toTable } from './tables';
import type { KubeObject } from './types';
import { serveWatch } from './watchStream';

export interface HandlerContext {
  req: IncomingMessage;
  res: ServerResponse;
  info: RequestInfo;
  query: URLSearchParams;
  request: FaultRequest;
  /** this request's entry in the request log (the handlers note the answer's form and object fields) */
  record?: RequestRecord;
  store: ClusterStore;
  paginator: Paginator;
  streams: StreamRegistry;
  bookmarkIntervalMs: number;
}

const notFoundResource = () => errorWith(404, 'the server could not find the requested resource', 'NotFound', {});

export function withKind(def: ResourceDef, obj: KubeObject): KubeObject {
  return { kind: def.kind, apiVersion: apiVersionOf(def), ...def.toWire(obj) };
}

export async function handleResource(ctx: HandlerContext): Promise<void> {
  const { info } = ctx;
  const def = info.def;
  if (!def) {
    throw notFoundResource();
  }
  // Namespaced resources live under /namespaces/{ns}/; only their collection exists at the root.
  // (A name from a metadata.name field selector, which RequestInfo also reports, is no path.)
  if (def.namespaced && !info.namespace && info.parts.length >= 2) {
    throw notFoundResource();
  }
  const ns = def.namespaced ? info.namespace || undefined : undefined;
  // The all-namespaces collection of a namespaced resource only lists and watches.
  if (def.namespaced && !ns && info.verb !== 'list' && info.verb !== 'watch') {
    throw methodNotAllowed();
  }
  if (info.subresource) {
    if (def.bucket === 'pods' && info.subresource === 'log' && info.verb === 'get' && ns) {
      servePodLog(ctx.res, ctx.store, ctx.streams, ctx.request, ns, info.name, ctx.query);
      return;
    }
    if (def.bucket === 'pods' && info.subresource === 'proxy' && info.verb === 'get' && ns) {
      servePodProxy(ctx.res, ctx.store, ctx.store.proxies, ns, info.parts);
      return;
    }
    throw notFoundResource();
  }
  if (!def.verbs.includes(info.verb === 'deletecollection' ? 'deletecollection' : info.verb)) {
    throw methodNotAllowed();
  }
  switch (info.verb) {
    case 'list':
      return list(ctx, def, ns);
    case 'watch':
      return watch(ctx, def, ns);
    case 'get':
      return get(ctx, def, ns ?? '');
    case 'create':
      if (info.name) {
        throw methodNotAllowed();
      }
      return create(ctx, def, ns ?? '');
    case 'update':
      return update(ctx, def, ns ?? '');
    case 'patch':
      return patch(ctx, def, ns ?? '');
    case 'delete':
      return remove(ctx, def, ns ?? '');
    default:
      throw methodNotAllowed();
  }
}

function selectors(ctx: HandlerContext, def: ResourceDef) {
  const labels = parseLabelSelector(ctx.query.get('labelSelector'));
  const fields = parseFieldSelector(ctx.query.get('fieldSelector'), new Set(Object.keys(def.fields)), def.unsupportedField);
  return { labels, fields };
}

/** The answer's form (Accept), noted in the request log. */
function answerForm(ctx: HandlerContext, isList: boolean): AnswerForm {
  const form = negotiate(ctx.req.headers.accept);
  checkMetadataShape(form, isList);
  if (form.as !== 'object' && ctx.record) {
    ctx.record.as = form.as;
  }
  return form;
}

function noteFields(ctx: HandlerContext, objects: object[]): void {
  if (ctx.record && objects.length > 0) {
    ctx.record.objectFields = [...fieldsOf(objects, new Set(ctx.record.objectFields))].sort();
  }
}

function list(ctx: HandlerContext, def: ResourceDef, ns: string | undefined): void {
  const { query: q, store, paginator } = ctx;
  const form = answerForm(ctx, true);
  const { labels, fields } = selectors(ctx, def);
  const filtered = labels.length > 0 || fields.length > 0;
  const match = (o: KubeObject): boolean => matchLabels(labels, o.metadata.labels) && matchFields(fields, (f) => def.fields[f]?.(o) ?? '');
  const limitRaw = q.get('limit');
  const limit = limitRaw && /^\d+$/.test(limitRaw) ? Number(limitRaw) : 0;
  const cont = q.get('continue') ?? '';
  const rvParam = q.get('resourceVersion') ?? '';
  if (cont && rvParam) {
    throw badRequest('specifying resource version is not allowed when using continue');
  }
  if (rvParam && !/^\d+$/.test(rvParam)) {
    throw badRequest(`invalid resource version: ${unparsableResourceVersion(rvParam)}`);
  }
  const across = def.namespaced && ns === undefined;
  const scope = ns ?? '*';
  let items: KubeObject[];
  let listRv: number;
  let start = '';
  let fromSnapshot = false;
  if (cont) {
    const token = decodeContinue(cont);
    const snap = paginator.lookup(def.bucket, scope, token, store.hub.history(def.bucket).floor);
    start = token.start;
    if (snap) {
      items = snap;
      listRv = token.rv;
      fromSnapshot = true;
    } else {
      items = store.list(def.bucket, ns);
      listRv = token.rv === -1 ? Number(store.resourceVersion()) : token.rv;
    }
  } else {
    items = store.list(def.bucket, ns);
    listRv = Number(store.resourceVersion());
  }
  // resourceVersion=0 is served from the watch cache, which ignores limit.
  const pageLimit = rvParam === '0' && !cont ? 0 : limit;
  let i = 0;
  if (start) {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keyOf(items[mid], across) < start) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    i = lo;
  }
  const out: KubeObject[] = [];
  let more = false;
  for (; i < items.length; i++) {
    const o = items[i];
    if (filtered && !match(o)) {
      continue;
    }
    out.push(o);
    if (pageLimit > 0 && out.length === pageLimit) {
      more = i + 1 < items.length;
      i++;
      break;
    }
  }
  const metadata: Record<string, unknown> = { resourceVersion: String(listRv) };
  if (more && out.length > 0) {
    metadata.continue = encodeContinue(listRv, keyOf(out[out.length - 1], across));
    if (!filtered) {
      metadata.remainingItemCount = items.length - i;
    }
    if (!fromSnapshot) {
      paginator.remember(def.bucket, scope, listRv, items);
    }
  }
  if (form.as === 'Table') {
    sendJson(ctx.res, 200, toTable(def, out, metadata, parseIncludeObject(q.get('includeObject'))), tableContentType);
    return;
  }
  if (form.as === 'PartialObjectMetadataList') {
    const partial = out.map((o) => partialObjectMetadata(def.toWire(o).metadata, form.version));
    noteFields(ctx, partial);
    const body = { kind: 'PartialObjectMetadataList', apiVersion: `meta.k8s.io/${form.version}`, metadata, items: partial };
    sendJson(ctx.res, 200, body, metadataContentType('PartialObjectMetadataList', form.version));
    return;
  }
  const wireItems = out.map((o) => def.toWire(o));
  noteFields(ctx, wireItems);
  sendJson(ctx.res, 200, { kind: def.listKind, apiVersion: apiVersionOf(def), metadata, items: wireItems });
}

function watch(ctx: HandlerContext, def: ResourceDef, ns: string | undefined): void {
  const q = ctx.query;
  const form = answerForm(ctx, false);
  const { labels, fields } = selectors(ctx, def);
  // GET .../leases/{name}?watch=true watches that one object.
  if (ctx.info.parts.length >= 2) {
    fields.push({ field: 'metadata.name', value: ctx.info.name, negate: false });
  }
  const timeout = q.get('timeoutSeconds');
  serveWatch(ctx.res, ctx.store, ctx.streams, ctx.request, {
    def,
    namespace: ns,
    labels,
    fields,
    resourceVersion: q.get('resourceVersion') ?? '',
    bookmarks: parseBool(q.get('allowWatchBookmarks')) === true,
    bookmarkIntervalMs: ctx.bookmarkIntervalMs,
    timeoutSeconds: timeout && /^\d+$/.test(timeout) ? Number(timeout) : undefined,
    sendInitialEvents: parseBool(q.get('sendInitialEvents')) === true,
    table: form.as === 'Table' ? parseIncludeObject(q.get('includeObject')) : undefined,
    metadataOnly: form.as === 'PartialObjectMetadata' ? form.version : undefined,
    onObjectFields: (fields) => {
      if (ctx.record && fields.some((f) => !ctx.record?.objectFields?.includes(f))) {
        ctx.record.objectFields = [...new Set([...(ctx.record.objectFields ?? []), ...fields])].sort();
      }
    },
  });
}

function get(ctx: HandlerContext, def: ResourceDef, ns: string): void {
  const name = ctx.info.name;
  const obj = ctx.store.get(def.bucket, def.namespaced ? ns : '', name);
  if (!obj) {
    throw notFound(grOf(def), name);
  }
  const form = answerForm(ctx, false);
  if (form.as === 'Table') {
    const t = toTable(def, [obj], { resourceVersion: obj.metadata.resourceVersion }, parseIncludeObject(ctx.query.get('includeObject')));
    sendJson(ctx.res, 200, t, tableContentType);
    return;
  }
  if (form.as === 'PartialObjectMetadata') {
    const partial = partialObjectMetadata(def.toWire(obj).metadata, form.version);
    noteFields(ctx, [partial]);
    sendJson(ctx.res, 200, partial, metadataContentType('PartialObjectMetadata', form.version));
    return;
  }
  const full = withKind(def, obj);
  noteFields(ctx, [full]);
  sendJson(ctx.res, 200, full);
}

async function readObject(ctx: HandlerContext): Promise<KubeObject> {
  const body = await readJson(ctx.req);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(
      `couldn't get version/kind; json parse error: json: cannot unmarshal ${Array.isArray(body) ? 'array' : typeof body} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    );
  }
  const obj = body as KubeObject;
  if (typeof obj.metadata !== 'object' || obj.metadata === null) {
    obj.metadata = {};
  }
  return obj;
}

function checkNamespace(def: ResourceDef, ns: string, obj: KubeObject): void {
  if (!def.namespaced) {
    return;
  }
  if (obj.metadata.namespace && obj.metadata.namespace !== ns) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  obj.metadata.namespace = ns;
}

function requireNamespace(ctx: HandlerContext, def: ResourceDef, ns: string): void {
  if (def.namespaced && !ctx.store.get('namespaces', '', ns)) {
    throw notFound({ group: '', resource: 'namespaces' }, ns);
  }
}

async function create(ctx: HandlerContext, def: ResourceDef, ns: string): Promise<void> {
  const obj = await readObject(ctx);
  checkNamespace(def, ns, obj);
  requireNamespace(ctx, def, ns);
  const created = ctx.store.create(writeDefs[def.bucket], ns, obj, 'api');
  sendJson(ctx.res, 201, withKind(def, created));
}

async function update(ctx: HandlerContext, def: ResourceDef, ns: string): Promise<void> {
  const obj = await readObject(ctx);
  const name = ctx.info.name;
  if ((obj.metadata.name ?? '') !== name) {
    throw badRequest(`the name of the object (${obj.metadata.name ?? ''}) does not match the name on the URL (${name})`);
  }
  checkNamespace(def, ns, obj);
  if (!ctx.store.get(def.bucket, ns, name)) {
    requireNamespace(ctx, def, ns);
  }
  const r = ctx.store.update(writeDefs[def.bucket], ns, obj, 'api');
  sendJson(ctx.res, r.created ? 201 : 200, withKind(def, r.object));
}

async function patch(ctx: HandlerContext, def: ResourceDef, ns: string): Promise<void> {
  const ct = (ctx.req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const body = await readJson(ctx.req, true);
  const name = ctx.info.name;
  const old = ctx.store.get(def.bucket, ns, name);
  if (!old) {
    throw notFound(grOf(def), name);
  }
  const patched = applyPatch(ct, withKind(def, old), body) as KubeObject;
  if (typeof patched !== 'object' || patched === null || typeof patched.metadata !== 'object' || patched.metadata === null) {
    throw badRequest('the patch produced an object without metadata');
  }
  if (patched.metadata.name !== name) {
    throw badRequest(`the name of the object (${patched.metadata.name ?? ''}) does not match the name on the URL (${name})`);
  }
  // A patch applies to the current object; only a resourceVersion the patch itself sets is checked.
  const setsRv = JSON.stringify(body).includes('"resourceVersion"');
  const obj = {
    ...patched,
    metadata: { ...patched.metadata, resourceVersion: setsRv ? patched.metadata.resourceVersion : old.metadata.resourceVersion },
  };
  const r = ctx.store.update(writeDefs[def.bucket], ns, obj, 'api');
  sendJson(ctx.res, 200, withKind(def, r.object));
}

async function remove(ctx: HandlerContext, def: ResourceDef, ns: string): Promise<void> {
  let pre: DeletePreconditions = {};
  const body = await readJson(ctx.req, true).catch(() => undefined);
  if (body && typeof body === 'object' && 'preconditions' in body) {
    pre = ((body as { preconditions?: DeletePreconditions }).preconditions ?? {}) as DeletePreconditions;
  }
  const name = ctx.info.name;
  const old = ctx.store.remove(writeDefs[def.bucket], ns, name, pre);
  if (def.bucket === 'pods') {
    sendJson(ctx.res, 200, withKind(def, old));
    return;
  }
  sendStatus(ctx.res, success(grOf(def), name, old.metadata.uid));
}
