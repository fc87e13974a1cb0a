// What a request asks for, parsed like the API server's RequestInfoFactory: verb (list/watch/get/
// create/update/patch/delete), API group, resource, subresource, namespace and name.
import { findResource, type GroupVersion, groupVersions, type ResourceDef } from './resources';

export interface RequestInfo {
  path: string;
  isResourceRequest: boolean;
  verb: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  /** remaining path parts from the resource on: [resource, name?, subresource?] */
  parts: string[];
  def?: ResourceDef;
  watch: boolean;
}

const methodVerbs: Record<string, string> = {
  GET: 'get',
  HEAD: 'get',
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/** strconv.ParseBool, which the server uses for `watch`, `follow` and friends. */
export function parseBool(v: string | null): boolean | undefined {
  if (v === null) {
    return undefined;
  }
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) {
    return true;
  }
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) {
    return false;
  }
  return undefined;
}

export function parseRequestInfo(
  method: string,
  pathname: string,
  query: URLSearchParams,
  served: readonly GroupVersion[] = groupVersions,
): RequestInfo {
  const segments = pathname.split('/').filter((s) => s !== '');
  const watch = parseBool(query.get('watch')) === true;
  const info: RequestInfo = {
    path: pathname,
    isResourceRequest: false,
    verb: methodVerbs[method] ?? method.toLowerCase(),
    group: '',
    version: '',
    resource: '',
    subresource: '',
    namespace: '',
    name: '',
    parts: [],
    watch,
  };
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    info.version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    info.group = segments[1];
    info.version = segments[2];
    rest = segments.slice(3);
  } else {
    return info; // discovery, /version, /healthz, ...: a non-resource request
  }
  info.isResourceRequest = true;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    info.namespace = decodeURIComponent(rest[1]);
    if (rest.length > 2 && rest[2] !== 'status' && rest[2] !== 'finalize') {
      rest = rest.slice(2);
    }
  }
  info.parts = rest.map((p) => decodeURIComponent(p));
  info.resource = info.parts[0] ?? '';
  if (info.parts.length >= 2) {
    info.name = info.parts[1];
  }
  if (info.parts.length >= 3) {
    info.subresource = info.parts[2];
  }
  if (!info.name && info.verb === 'get') {
    info.verb = watch ? 'watch' : 'list';
  } else if (info.name && info.verb === 'get' && watch) {
    info.verb = 'watch';
  }
  if (!info.name && info.verb === 'delete') {
    info.verb = 'deletecollection';
  }
  if (!info.name && (info.verb === 'list' || info.verb === 'watch')) {
    const m = /(?:^|,)metadata\.name(?:=|==)([^,]*)(?:,|$)/.exec(query.get('fieldSelector') ?? '');
    if (m && /^[^/%]+$/.test(m[1]) && m[1] !== '.' && m[1] !== '..') {
      info.name = m[1];
    }
  }
  info.def = findResource(info.group, info.version, info.resource, served);
  return info;
}
