// What the real server checks on write: decoding (field types, MicroTime precision → 400) and
// validation (names, Lease spec → 422 Invalid), with its messages.
import type { ResourceDef } from './resources';
import { badRequest, type FieldError, forbiddenField, invalid, invalidValue, requiredValue } from './status';
import { parseMicroTime } from './time';
import { leaseCandidateSpecFields } from './leaseCandidates';
import type { ConfigMap, KubeObject, Lease, LeaseCandidate, LeaseSpec } from './types';

function goType(v: unknown): string {
  if (Array.isArray(v)) {
    return 'array';
  }
  if (v === null) {
    return 'null';
  }
  if (typeof v === 'object') {
    return 'object';
  }
  return typeof v;
}

function decodeError(def: ResourceDef, obj: KubeObject, message: string): Error {
  const version = typeof obj.apiVersion === 'string' && obj.apiVersion ? obj.apiVersion.split('/').pop() : def.version;
  return badRequest(`${def.kind} in version "${version}" cannot be handled as a ${def.kind}: ${message}`);
}

/**
 * Decodes a Lease as the server's JSON decoder does: wrong field types and MicroTime values without
 * exactly six fractional digits fail with 400 BadRequest. Returns a copy with MicroTimes in UTC.
 */
export function decodeLease(def: ResourceDef, obj: Lease): Lease {
  const spec = obj.spec;
  if (spec === undefined || spec === null) {
    return obj;
  }
  if (typeof spec !== 'object' || Array.isArray(spec)) {
    throw decodeError(def, obj, `json: cannot unmarshal ${goType(spec)} into Go struct field Lease.spec of type v1.LeaseSpec`);
  }
  const out = { ...spec };
  const field = (name: string, goT: string): string =>
    `json: cannot unmarshal ${goType(spec[name])} into Go struct field LeaseSpec.spec.${name} of type ${goT}`;
  for (const name of ['holderIdentity', 'strategy', 'preferredHolder']) {
    const v = spec[name];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw decodeError(def, obj, field(name, 'string'));
    }
  }
  for (const name of ['leaseDurationSeconds', 'leaseTransitions']) {
    const v = spec[name];
    if (v === undefined || v === null) {
      continue;
    }
    if (typeof v !== 'number') {
      throw decodeError(def, obj, field(name, 'int32'));
    }
    if (!Number.isInteger(v) || v > 2147483647 || v < -2147483648) {
      throw decodeError(def, obj, `json: cannot unmarshal number ${v} into Go struct field LeaseSpec.spec.${name} of type int32`);
    }
  }
  decodeMicroTimes(def, obj, spec, ['acquireTime', 'renewTime'], out);
  return { ...obj, spec: inGoOrder(out, leaseSpecFields) as LeaseSpec };
}

/** MicroTime fields: strings with six fractional digits (400 otherwise), normalised into `out`. */
function decodeMicroTimes(
  def: ResourceDef,
  obj: KubeObject,
  spec: Record<string, unknown>,
  names: readonly string[],
  out: Record<string, unknown>,
): void {
  for (const name of names) {
    const v = spec[name];
    if (v === undefined || v === null) {
      continue;
    }
    if (typeof v !== 'string') {
      throw decodeError(def, obj, `json: cannot unmarshal ${goType(v)} into Go value of type string`);
    }
    const parsed = parseMicroTime(v);
    if (!parsed.ok) {
      throw decodeError(def, obj, parsed.error);
    }
    out[name] = parsed.value;
  }
}

/** Go's decoder drops nulls and unknown fields; the encoder writes fields in struct order. */
function inGoOrder(out: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const k of fields) {
    if (out[k] !== undefined && out[k] !== null) {
      ordered[k] = out[k];
    }
  }
  return ordered;
}

/**
 * Decodes a LeaseCandidate like a Lease: strings must be strings, pingTime/renewTime MicroTimes with
 * six fractional digits (400 otherwise). Returns a copy with the spec in Go's field order.
 */
export function decodeLeaseCandidate(def: ResourceDef, obj: LeaseCandidate): LeaseCandidate {
  const spec = obj.spec;
  if (spec === undefined || spec === null) {
    return obj;
  }
  if (typeof spec !== 'object' || Array.isArray(spec)) {
    throw decodeError(
      def,
      obj,
      `json: cannot unmarshal ${goType(spec)} into Go struct field LeaseCandidate.spec of type ${def.version}.LeaseCandidateSpec`,
    );
  }
  const out: Record<string, unknown> = { ...spec };
  for (const name of ['leaseName', 'binaryVersion', 'emulationVersion', 'strategy']) {
    const v = spec[name];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw decodeError(
        def,
        obj,
        `json: cannot unmarshal ${goType(v)} into Go struct field LeaseCandidateSpec.spec.${name} of type string`,
      );
    }
  }
  decodeMicroTimes(def, obj, spec, ['pingTime', 'renewTime'], out);
  const ordered = inGoOrder(out, leaseCandidateSpecFields);
  return { ...obj, spec: ordered };
}

/** ConfigMap data and binaryData: maps of strings (400 otherwise, the decoder's error). */
export function decodeConfigMap(def: ResourceDef, obj: ConfigMap): ConfigMap {
  for (const field of ['data', 'binaryData'] as const) {
    const m = obj[field];
    if (m === undefined || m === null) {
      continue;
    }
    if (typeof m !== 'object' || Array.isArray(m)) {
      throw decodeError(def, obj, `json: cannot unmarshal ${goType(m)} into Go struct field ConfigMap.${field} of type map[string]string`);
    }
    for (const v of Object.values(m)) {
      if (typeof v !== 'string') {
        throw decodeError(def, obj, `json: cannot unmarshal ${goType(v)} into Go struct field ConfigMap.${field} of type string`);
      }
    }
  }
  return obj;
}

const maxConfigMapBytes = 1024 * 1024;

function validateConfigMap(cm: ConfigMap): FieldError[] {
  let size = 0;
  for (const m of [cm.data ?? {}, cm.binaryData ?? {}]) {
    for (const [k, v] of Object.entries(m)) {
      size += k.length + v.length;
    }
  }
  return size > maxConfigMapBytes
    ? [{ type: 'FieldValueTooLong', field: '[]', body: `Too long: must have at most ${maxConfigMapBytes} bytes` }]
    : [];
}

function validateLeaseCandidateSpec(lc: LeaseCandidate, old?: LeaseCandidate): FieldError[] {
  const errs: FieldError[] = [];
  const spec = lc.spec ?? {};
  if (!spec.leaseName) {
    errs.push(requiredValue('spec.leaseName', ''));
  } else if (old?.spec?.leaseName && old.spec.leaseName !== spec.leaseName) {
    errs.push(invalidValue('spec.leaseName', JSON.stringify(spec.leaseName), 'field is immutable'));
  }
  if (!spec.binaryVersion) {
    errs.push(requiredValue('spec.binaryVersion', 'must be specified'));
  }
  if (!spec.strategy) {
    errs.push(requiredValue('spec.strategy', 'must be specified'));
  } else if (spec.strategy === 'OldestEmulationVersion' && !spec.emulationVersion) {
    errs.push(requiredValue('spec.emulationVersion', 'must be specified when strategy is "OldestEmulationVersion"'));
  }
  return errs;
}

const leaseSpecFields = [
  'holderIdentity',
  'leaseDurationSeconds',
  'acquireTime',
  'renewTime',
  'leaseTransitions',
  'strategy',
  'preferredHolder',
] as const;

const subdomainRe = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const labelRe = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

function validateName(def: ResourceDef, name: string): FieldError[] {
  if (def.bucket === 'namespaces') {
    if (name.length > 63) {
      return [invalidValue('metadata.name', JSON.stringify(name), 'must be no more than 63 characters')];
    }
    return labelRe.test(name) ? [] : [invalidValue('metadata.name', JSON.stringify(name), labelMsg)];
  }
  if (name.length > 253) {
    return [invalidValue('metadata.name', JSON.stringify(name), 'must be no more than 253 characters')];
  }
  return subdomainRe.test(name) ? [] : [invalidValue('metadata.name', JSON.stringify(name), subdomainMsg)];
}

function validateLeaseSpec(lease: Lease): FieldError[] {
  const errs: FieldError[] = [];
  const spec = lease.spec ?? {};
  const d = spec.leaseDurationSeconds;
  if (typeof d === 'number' && d <= 0) {
    errs.push(invalidValue('spec.leaseDurationSeconds', String(d), 'must be greater than 0'));
  }
  const t = spec.leaseTransitions;
  if (typeof t === 'number' && t < 0) {
    errs.push(invalidValue('spec.leaseTransitions', String(t), 'must be greater than or equal to 0'));
  }
  if (spec.preferredHolder && !spec.strategy) {
    errs.push(forbiddenField('spec.preferredHolder', 'may only be specified if `strategy` is defined'));
  }
  return errs;
}

/** Validation of a create (old undefined) or update; throws 422 Invalid. */
export function validate(def: ResourceDef, obj: KubeObject, old?: KubeObject): void {
  const name = obj.metadata.name ?? '';
  const errs: FieldError[] = [];
  if (!name) {
    errs.push(requiredValue('metadata.name', 'name or generateName is required'));
  } else {
    errs.push(...validateName(def, name));
  }
  if (old && obj.metadata.uid && old.metadata.uid && obj.metadata.uid !== old.metadata.uid) {
    errs.push(invalidValue('metadata.uid', JSON.stringify(obj.metadata.uid), 'field is immutable'));
  }
  if (def.bucket === 'leases') {
    errs.push(...validateLeaseSpec(obj as Lease));
  }
  if (def.bucket === 'leasecandidates') {
    errs.push(...validateLeaseCandidateSpec(obj as LeaseCandidate, old as LeaseCandidate | undefined));
  }
  if (def.bucket === 'configmaps') {
    errs.push(...validateConfigMap(obj as ConfigMap));
  }
  if (def.bucket === 'pods' && !old) {
    const containers = (obj.spec as { containers?: unknown } | undefined)?.containers;
    if (!Array.isArray(containers) || containers.length === 0) {
      errs.push(requiredValue('spec.containers', ''));
    }
  }
  if (errs.length) {
    throw invalid(def.group, def.kind, name, errs);
  }
}
