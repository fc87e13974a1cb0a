// PATCH bodies: JSON merge patch (also used for strategic merge patch, which for the types served
// here has no list merge keys that matter) and JSON patch (RFC 6902).
import { badRequest, errorWith } from './status';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) {
    return patch;
  }
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete out[k];
    } else {
      out[k] = mergePatch(out[k], v);
    }
  }
  return out;
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parsePointer(p: unknown): string[] {
  if (typeof p !== 'string' || (p !== '' && !p.startsWith('/'))) {
    throw badRequest(`the server rejected our request due to an error in our request`);
  }
  return p === '' ? [] : p.slice(1).split('/').map(unescapePointer);
}

function getAt(doc: unknown, path: string[]): unknown {
  let cur: unknown = doc;
  for (const k of path) {
    if (Array.isArray(cur)) {
      cur = cur[Number(k)];
    } else if (isObject(cur)) {
      cur = cur[k];
    } else {
      return undefined;
    }
  }
  return cur;
}

function setAt(doc: unknown, path: string[], value: unknown, op: 'add' | 'replace' | 'remove'): unknown {
  if (path.length === 0) {
    return op === 'remove' ? null : value;
  }
  const [k, ...rest] = path;
  if (Array.isArray(doc)) {
    const arr: unknown[] = [...(doc as unknown[])];
    const i = k === '-' ? arr.length : Number(k);
    if (!Number.isInteger(i) || i < 0 || i > arr.length) {
      throw errorWith(422, `doc is missing path: "/${path.join('/')}": missing value`, 'Invalid');
    }
    if (rest.length === 0) {
      if (op === 'add') {
        arr.splice(i, 0, value);
      } else if (op === 'remove') {
        arr.splice(i, 1);
      } else {
        arr[i] = value;
      }
    } else {
      arr[i] = setAt(arr[i], rest, value, op);
    }
    return arr;
  }
  if (!isObject(doc)) {
    throw errorWith(422, `doc is missing path: "/${path.join('/')}": missing value`, 'Invalid');
  }
  const obj: Record<string, unknown> = { ...doc };
  if (rest.length === 0) {
    if (op === 'remove') {
      if (!(k in obj)) {
        throw errorWith(422, `the server rejected our request due to an error in our request`, 'Invalid');
      }
      delete obj[k];
    } else if (op === 'replace' && !(k in obj)) {
      throw errorWith(422, `the server rejected our request due to an error in our request`, 'Invalid');
    } else {
      obj[k] = value;
    }
  } else {
    if (!(k in obj)) {
      throw errorWith(422, `doc is missing path: "/${path.join('/')}": missing value`, 'Invalid');
    }
    obj[k] = setAt(obj[k], rest, value, op);
  }
  return obj;
}

export function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) {
    throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  }
  let cur = doc;
  for (const raw of ops as unknown[]) {
    if (!isObject(raw)) {
      throw badRequest('invalid JSON patch operation');
    }
    const op = raw.op;
    const path = parsePointer(raw.path);
    switch (op) {
      case 'add':
      case 'replace':
      case 'remove':
        cur = setAt(cur, path, raw.value, op);
        break;
      case 'test':
        if (JSON.stringify(getAt(cur, path)) !== JSON.stringify(raw.value)) {
          throw errorWith(422, `the server rejected our request due to an error in our request`, 'Invalid');
        }
        break;
      case 'move':
      case 'copy': {
        const from = parsePointer(raw.from);
        const v = getAt(cur, from);
        if (op === 'move') {
          cur = setAt(cur, from, undefined, 'remove');
        }
        cur = setAt(cur, path, v, 'add');
        break;
      }
      default:
        throw badRequest(`Unexpected kind: ${JSON.stringify(op) ?? 'undefined'}`);
    }
  }
  return cur;
}

export function applyPatch(contentType: string, doc: unknown, patch: unknown): unknown {
  switch (contentType) {
    case 'application/merge-patch+json':
    case 'application/strategic-merge-patch+json':
      return mergePatch(doc, patch);
    case 'application/json-patch+json':
      return jsonPatch(doc, patch);
    default:
      throw errorWith(
        415,
        `the server does not support the patch type ${contentType || '""'}: supported types are application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
        'UnsupportedMediaType',
      );
  }
}
