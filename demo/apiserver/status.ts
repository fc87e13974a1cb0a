// meta/v1 Status bodies with the real API server's messages, and ApiError which carries one.
import type { Status, StatusCause, StatusDetails } from './types';

/** A failed request: the HTTP code and the Status body to answer with. */
export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? status.reason ?? `HTTP ${status.code}`);
    this.name = 'ApiError';
  }
  get code(): number {
    return this.status.code ?? 500;
  }
}

/** A group-qualified resource as the API server prints it: `leases.coordination.k8s.io`, `pods`. */
export interface GroupResource {
  group: string;
  resource: string;
}

export function qualified(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

const reasonByCode: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export function reasonFor(code: number): string {
  return reasonByCode[code] ?? (code >= 500 ? 'InternalError' : 'Unknown');
}

function details(gr: GroupResource | undefined, name: string | undefined, extra?: StatusDetails): StatusDetails | undefined {
  const d: StatusDetails = {};
  if (name) {
    d.name = name;
  }
  if (gr?.group) {
    d.group = gr.group;
  }
  if (gr?.resource) {
    d.kind = gr.resource;
  }
  Object.assign(d, extra);
  return Object.keys(d).length ? d : undefined;
}

export function failure(code: number, message: string, reason = reasonFor(code), det?: StatusDetails): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message };
  if (reason) {
    s.reason = reason;
  }
  if (det) {
    s.details = det;
  }
  s.code = code;
  return s;
}

export function errorWith(code: number, message: string, reason = reasonFor(code), det?: StatusDetails): ApiError {
  return new ApiError(failure(code, message, reason, det));
}

export function notFound(gr: GroupResource, name: string): ApiError {
  return errorWith(404, `${qualified(gr)} "${name}" not found`, 'NotFound', details(gr, name));
}

export function alreadyExists(gr: GroupResource, name: string): ApiError {
  return errorWith(409, `${qualified(gr)} "${name}" already exists`, 'AlreadyExists', details(gr, name));
}

export const optimisticLockMessage = 'the object has been modified; please apply your changes to the latest version and try again';

export function conflict(gr: GroupResource, name: string, why = optimisticLockMessage): ApiError {
  return errorWith(409, `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${why}`, 'Conflict', details(gr, name));
}

export function badRequest(message: string): ApiError {
  return errorWith(400, message, 'BadRequest');
}

export function unauthorized(): ApiError {
  return errorWith(401, 'Unauthorized', 'Unauthorized');
}

export interface ForbiddenAttributes {
  user: string;
  verb: string;
  /** empty for a non-resource request */
  resource?: string;
  subresource?: string;
  group?: string;
  namespace?: string;
  name?: string;
  path: string;
}

/** The authorization filter's 403, e.g. `leases.coordination.k8s.io is forbidden: User "u" cannot list ...`. */
export function forbidden(a: ForbiddenAttributes): ApiError {
  if (!a.resource) {
    return errorWith(403, `forbidden: User "${a.user}" cannot ${a.verb} path "${a.path}"`, 'Forbidden', {});
  }
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const group = a.group ?? '';
  const where = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  const why = `User "${a.user}" cannot ${a.verb} resource "${res}" in API group "${group}" ${where}`;
  const gr = { group, resource: a.resource };
  const subject = a.name ? `${qualified(gr)} "${a.name}"` : qualified(gr);
  return errorWith(403, `${subject} is forbidden: ${why}`, 'Forbidden', details(gr, a.name));
}

export interface FieldError {
  type: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueForbidden' | 'FieldValueNotSupported' | 'FieldValueTooLong';
  field: string;
  /** the error body after `<field>: `, e.g. `Invalid value: 0: must be greater than 0` */
  body: string;
}

export function invalidValue(field: string, shown: string, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, body: `Invalid value: ${shown}: ${detail}` };
}

export function requiredValue(field: string, detail: string): FieldError {
  return { type: 'FieldValueRequired', field, body: `Required value: ${detail}` };
}

export function forbiddenField(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, body: `Forbidden: ${detail}` };
}

/** 422 Invalid as apierrors.NewInvalid builds it; `kind` is printed as `Kind.group` (`Lease.coordination.k8s.io`). */
export function invalid(group: string, kind: string, name: string, errs: FieldError[]): ApiError {
  const qk = group ? `${kind}.${group}` : kind;
  const each = errs.map((e) => `${e.field}: ${e.body}`);
  const agg = each.length === 1 ? each[0] : `[${each.join(', ')}]`;
  const causes: StatusCause[] = errs.map((e) => ({ reason: e.type, message: e.body, field: e.field }));
  const det: StatusDetails = {};
  if (name) {
    det.name = name;
  }
  if (group) {
    det.group = group;
  }
  det.kind = kind;
  det.causes = causes;
  return errorWith(422, `${qk} "${name}" is invalid: ${agg}`, 'Invalid', det);
}

/** 410 Expired of a watch from a resourceVersion older than the history holds. */
export function tooOldResourceVersion(requested: number, oldest: number): Status {
  return failure(410, `too old resource version: ${requested} (${oldest})`, 'Expired');
}

/** The same from etcd (watches of resources outside the watch cache: Events), compacted past it. */
export function compactedResourceVersion(): Status {
  return failure(410, 'The resourceVersion for the provided watch is too old.', 'Expired');
}

/** What Go's strconv.ParseUint says about a resourceVersion that is no number. */
export function unparsableResourceVersion(rv: string): string {
  return `resourceVersion: Invalid value: ${JSON.stringify(rv)}: strconv.ParseUint: parsing ${JSON.stringify(rv)}: invalid syntax`;
}

export const continueTooOldMessage =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue value from the response for inconsistent list continuation.';

export function methodNotAllowed(): ApiError {
  return errorWith(405, 'the server does not allow this method on the requested resource', 'MethodNotAllowed', {});
}

export function success(gr: GroupResource, name: string, uid?: string): Status {
  const d: StatusDetails = { name };
  if (gr.group) {
    d.group = gr.group;
  }
  d.kind = gr.resource;
  if (uid) {
    d.uid = uid;
  }
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: d };
}

export function internalError(message: string): ApiError {
  return errorWith(500, `Internal error occurred: ${message}`, 'InternalError', { causes: [{ message }] });
}
