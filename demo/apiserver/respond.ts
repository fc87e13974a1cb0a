// Writing answers and reading request bodies.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeProtobufObject, protobufContentType } from './protobuf';
import { ApiError, badRequest, errorWith } from './status';
import type { Status } from './types';

const maxBody = 3 * 1024 * 1024;

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  if (res.headersSent || res.destroyed) {
    return;
  }
  // kube-apiserver's JSON serializer (encoding/json's Encoder) ends every body with a newline.
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
    'Audit-Id': randomUUID(),
  });
  res.end(text);
}

export function sendStatus(res: ServerResponse, status: Status): void {
  if (status.code === 429 && !res.headersSent) {
    res.setHeader('Retry-After', String(status.details?.retryAfterSeconds ?? 1));
  }
  sendJson(res, status.code ?? 200, status);
}

export function sendText(res: ServerResponse, code: number, text: string): void {
  if (res.headersSent || res.destroyed) {
    return;
  }
  res.writeHead(code, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > maxBody) {
      throw errorWith(413, 'Request entity too large: limit is 3145728', 'RequestEntityTooLarge');
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** Reads a JSON body (or the metadata of a protobuf one, which kubectl's typed clients send). */
export async function readJson(req: IncomingMessage, patch = false): Promise<unknown> {
  const ct = (req.headers['content-type'] ?? 'application/json').split(';')[0].trim().toLowerCase();
  if (!patch && ct === protobufContentType) {
    return decodeProtobufObject(await readBody(req));
  }
  if (!patch && ct !== 'application/json' && ct !== '*/*') {
    throw errorWith(
      415,
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`,
      'UnsupportedMediaType',
    );
  }
  const buf = await readBody(req);
  try {
    return JSON.parse(buf.toString('utf8')) as unknown;
  } catch (e) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
}

export function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) {
    return e;
  }
  const message = e instanceof Error ? e.message : String(e);
  return errorWith(500, `Internal error occurred: ${message}`, 'InternalError', { causes: [{ message }] });
}
