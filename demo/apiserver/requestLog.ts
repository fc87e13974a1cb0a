// The record of one request, kept in ApiServer.requests so tests can assert what a client sent.

export interface RequestRecord {
  method: string;
  path: string;
  /** the raw query string without `?` */
  query: string;
  /** authenticated user name (`system:anonymous` when anonymous); unset on 401 */
  user?: string;
  /** HTTP status once answered (watches and log follows: when their headers went out) */
  status?: number;
  /** Date.now() when the request arrived */
  time: number;
  watch: boolean;
  /** the User-Agent header, as the real API server's audit log records it */
  userAgent?: string;
  /** the Accept header */
  accept?: string;
  /**
   * What the answer's objects were, when not the full objects: `Table`, `PartialObjectMetadata`
   * (a get or a watch's events) or `PartialObjectMetadataList` (a list).
   */
  as?: 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList';
  /**
   * The top-level fields of the objects the answer carried (a list's items, a get's object, a
   * watch's event objects so far; BOOKMARKs not counted), sorted: e.g. `['data', 'metadata']` for
   * ConfigMaps, `['metadata']` for a metadata-only request. Unset for answers that carried none.
   */
  objectFields?: string[];
}

/** `path?query`, what a RegExp in a fault rule is tested against. */
export function requestTarget(r: Pick<RequestRecord, 'path' | 'query'>): string {
  return r.query ? `${r.path}?${r.query}` : r.path;
}
