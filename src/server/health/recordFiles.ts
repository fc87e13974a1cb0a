// The leadership records of one context on disk: `<storagePath>/leadership/<hash>.json`, the hash
// of the context's name (a name never becomes a path). Written whole to a temporary file beside it
// and renamed over it (a crash leaves the old file or the new one, never half of one); bounded in
// records and bytes, the least recently observed dropped first. Read strictly: a file that is not
// what this code writes is ignored as a whole (leadershipRecordJson.parseRecord).
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LeadershipRecord } from '../../core/leadershipRecord';
import { parseRecord, serialise } from '../../core/leadershipRecordJson';
import { isRecord } from '../../shared/guards';
import { leaseKey, type LeaseKey } from '../../shared/types';

export const RECORD_FILE_FORMAT = 1;

/** Bounds of one context's file: records and bytes (the least recently observed go first). */
export interface FileLimits {
  maxRecords: number;
  maxBytes: number;
}

export const defaultFileLimits: FileLimits = { maxRecords: 20_000, maxBytes: 20 * 1024 * 1024 };

/** All contexts' files together: beyond this, the files written longest ago go (not those of watched contexts). */
export const maxTotalBytes = 64 * 1024 * 1024;

export interface StoredRecord {
  namespace: string;
  name: string;
  record: LeadershipRecord;
}

export type LoadResult =
  { kind: 'none' } | { kind: 'loaded'; records: Map<LeaseKey, StoredRecord>; bytes: number } | { kind: 'ignored'; why: string };

export function recordFileName(context: string): string {
  return `${createHash('sha256').update(context, 'utf8').digest('hex').slice(0, 40)}.json`;
}

export function recordFolder(storagePath: string): string {
  return join(storagePath, 'leadership');
}

export function recordFilePath(storagePath: string, context: string): string {
  return join(recordFolder(storagePath), recordFileName(context));
}

function objectName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 253 && !value.includes('/');
}

/** The records of `context` kept under `storagePath`. Never throws. */
export function loadRecords(storagePath: string, context: string, limits: FileLimits = defaultFileLimits): LoadResult {
  const path = recordFilePath(storagePath, context);
  let text: string;
  try {
    const stat = lstatSync(path);
    if (!stat.isFile()) {
      return { kind: 'ignored', why: 'not a regular file' };
    }
    if (stat.size > limits.maxBytes * 1.5) {
      return { kind: 'ignored', why: `${stat.size} bytes, more than this code writes` };
    }
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? { kind: 'none' } : { kind: 'ignored', why: String(err) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'ignored', why: 'not JSON' };
  }
  if (!isRecord(json) || json.format !== RECORD_FILE_FORMAT || json.context !== context || !Array.isArray(json.records)) {
    return { kind: 'ignored', why: 'not a leadership record file of this context' };
  }
  const items = json.records as unknown[];
  if (items.length > limits.maxRecords) {
    return { kind: 'ignored', why: `${items.length} records, more than this code writes` };
  }
  const records = new Map<LeaseKey, StoredRecord>();
  for (const item of items) {
    const record = isRecord(item) ? parseRecord(item.record) : undefined;
    if (!isRecord(item) || !objectName(item.namespace) || !objectName(item.name) || record === undefined) {
      return { kind: 'ignored', why: 'a record does not parse' };
    }
    records.set(leaseKey(context, item.namespace, item.name), { namespace: item.namespace, name: item.name, record });
  }
  return { kind: 'loaded', records, bytes: Buffer.byteLength(text) };
}

/** The file's text: the most recently observed records within the limits. */
export function recordFileText(context: string, records: Iterable<StoredRecord>, limits: FileLimits = defaultFileLimits): string {
  const newestFirst = [...records].sort((a, b) => (b.record.lastObservedAt ?? 0) - (a.record.lastObservedAt ?? 0));
  const head = `{"format":${RECORD_FILE_FORMAT},"context":${JSON.stringify(context)},"records":[`;
  let bytes = Buffer.byteLength(head) + 2;
  const parts: string[] = [];
  for (const { namespace, name, record } of newestFirst) {
    if (parts.length >= limits.maxRecords) {
      break;
    }
    const part = JSON.stringify({ namespace, name, record: serialise(record) });
    const size = Buffer.byteLength(part) + 1;
    if (bytes + size > limits.maxBytes) {
      break;
    }
    bytes += size;
    parts.push(part);
  }
  return `${head}${parts.join(',')}]}`;
}

let tempCounter = 0;

/** Writes the file atomically (temporary file, then rename); answers the bytes written. */
export async function saveRecords(storagePath: string, context: string, text: string): Promise<number> {
  const folder = recordFolder(storagePath);
  await mkdir(folder, { recursive: true });
  const path = recordFilePath(storagePath, context);
  const temp = join(folder, `.${recordFileName(context)}.${process.pid}.${++tempCounter}.tmp`);
  try {
    await writeFile(temp, text, { encoding: 'utf8', mode: 0o600 });
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return Buffer.byteLength(text);
}

/**
 * Keeps the folder within `totalBytes`: while the record files together are larger, deletes the one
 * written longest ago, never one of `keep` (file names of the contexts watched now, whose records are
 * in memory and written again). Answers the file names deleted.
 */
export async function pruneRecordFolder(storagePath: string, keep: ReadonlySet<string>, totalBytes = maxTotalBytes): Promise<string[]> {
  const folder = recordFolder(storagePath);
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => name.endsWith('.json') && !name.startsWith('.'));
  } catch {
    return [];
  }
  const files: { name: string; bytes: number; written: number }[] = [];
  for (const name of names) {
    try {
      const info = await stat(join(folder, name));
      if (info.isFile()) {
        files.push({ name, bytes: info.size, written: info.mtimeMs });
      }
    } catch {
      // gone meanwhile
    }
  }
  let total = files.reduce((sum, file) => sum + file.bytes, 0);
  const deleted: string[] = [];
  for (const file of files.filter((f) => !keep.has(f.name)).sort((a, b) => a.written - b.written)) {
    if (total <= totalBytes) {
      break;
    }
    await rm(join(folder, file.name), { force: true });
    total -= file.bytes;
    deleted.push(file.name);
  }
  return deleted;
}
