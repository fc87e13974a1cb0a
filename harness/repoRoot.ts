// The repository's root folder, found once by walking up from this file to the package.json whose
// name is lease-lens. Tools and tests compute every repository path from it, never from their own
// depth in the tree, so moving a file does not change what it finds.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'lease-lens') {
      return dir;
    }
    if (dirname(dir) === dir) {
      throw new Error(`no lease-lens package.json above ${start}`);
    }
  }
}

export const REPO_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the repository, from its root: `repoPath('test', 'fixtures', 'leases.json')`. */
export function repoPath(...parts: string[]): string {
  return join(REPO_ROOT, ...parts);
}
