// Just enough of the Kubernetes protobuf encoding to read what kubectl's typed clients send as
// request bodies (`kubectl create namespace` sends application/vnd.kubernetes.protobuf): the
// `k8s\0` envelope (runtime.Unknown) and an object's ObjectMeta (name, generateName, namespace,
// labels, annotations) of a Namespace. Answers are always JSON.
import { badRequest, errorWith } from './status';
import type { KubeObject, ObjectMeta } from './types';

export const protobufContentType = 'application/vnd.kubernetes.protobuf';

type Field = { no: number; wire: number; value: number | Buffer };

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let i = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (i >= buf.length) {
        throw badRequest('protobuf: unexpected end of data');
      }
      const b = buf[i++];
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) {
        return result;
      }
      shift += 7;
    }
  };
  while (i < buf.length) {
    const key = varint();
    const no = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) {
      out.push({ no, wire, value: varint() });
    } else if (wire === 2) {
      const len = varint();
      out.push({ no, wire, value: buf.subarray(i, i + len) });
      i += len;
    } else if (wire === 1) {
      i += 8;
    } else if (wire === 5) {
      i += 4;
    } else {
      throw badRequest(`protobuf: unsupported wire type ${wire}`);
    }
  }
  return out;
}

const str = (f: Field): string => (Buffer.isBuffer(f.value) ? f.value.toString('utf8') : '');

function mapEntry(f: Field): [string, string] {
  const kv = fields(f.value as Buffer);
  return [
    str(kv.find((x) => x.no === 1) ?? { no: 1, wire: 2, value: Buffer.alloc(0) }),
    str(kv.find((x) => x.no === 2) ?? { no: 2, wire: 2, value: Buffer.alloc(0) }),
  ];
}

function objectMeta(buf: Buffer): ObjectMeta {
  const m: ObjectMeta = {};
  for (const f of fields(buf)) {
    if (f.wire !== 2) {
      continue;
    }
    if (f.no === 1) {
      m.name = str(f);
    } else if (f.no === 2) {
      m.generateName = str(f);
    } else if (f.no === 3) {
      m.namespace = str(f);
    } else if (f.no === 11) {
      (m.labels ??= {})[mapEntry(f)[0]] = mapEntry(f)[1];
    } else if (f.no === 12) {
      (m.annotations ??= {})[mapEntry(f)[0]] = mapEntry(f)[1];
    }
  }
  return m;
}

/** Decodes a protobuf request body into a JSON-shaped object (metadata only; field 1 of every top-level type). */
export function decodeProtobufObject(body: Buffer): KubeObject {
  if (body.length < 4 || body.subarray(0, 4).toString('latin1') !== 'k8s\u0000') {
    throw badRequest('protobuf: missing k8s envelope');
  }
  const unknown = fields(body.subarray(4));
  const typeMeta = unknown.find((f) => f.no === 1);
  const raw = unknown.find((f) => f.no === 2);
  const obj: KubeObject = { metadata: {} };
  if (typeMeta && Buffer.isBuffer(typeMeta.value)) {
    for (const f of fields(typeMeta.value)) {
      if (f.no === 1) {
        obj.apiVersion = str(f);
      }
      if (f.no === 2) {
        obj.kind = str(f);
      }
    }
  }
  if (obj.kind !== 'Namespace') {
    // Only metadata is decoded: refuse kinds whose spec would be lost.
    throw errorWith(
      415,
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
      'UnsupportedMediaType',
    );
  }
  if (raw && Buffer.isBuffer(raw.value)) {
    const meta = fields(raw.value).find((f) => f.no === 1);
    if (meta && Buffer.isBuffer(meta.value)) {
      obj.metadata = objectMeta(meta.value);
    }
  }
  return obj;
}
