// The HTTP server the webview harnesses serve their page from: the page's HTML made per request
// (the harness knows its own shell), and the repository files it names by URL path. Its origin is
// what the page's CSP names as cspSource, as VS Code passes webview.cspSource.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { REPO_ROOT } from '../../harness/repoRoot';

/** URL path → repository file and content type. */
export type ServedFiles = Readonly<Record<string, { path: string; type: string }>>;

export interface PageServer {
  server: Server;
  origin: string;
}

/** `page(url, origin)` answers the HTML for a URL it serves, else undefined (then `files`, else 404). */
export async function startPageServer(files: ServedFiles, page: (url: URL, origin: string) => string | undefined): Promise<PageServer> {
  let origin = '';
  const notFound = (res: import('node:http').ServerResponse): void => {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin || 'http://127.0.0.1');
    const html = page(url, origin);
    if (html !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    const file = files[url.pathname];
    if (!file) {
      notFound(res);
      return;
    }
    readFile(join(REPO_ROOT, file.path)).then(
      (body) => {
        res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' });
        res.end(body);
      },
      () => notFound(res),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, origin };
}
