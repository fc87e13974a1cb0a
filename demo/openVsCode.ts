// Opening VS Code with Lease Lens loaded (extension development mode) on the demo kubeconfig, or
// telling the user how to.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The `code` executable on PATH, if any. */
export function findOnPath(command: string, path = process.env.PATH ?? ''): string | undefined {
  const names = process.platform === 'win32' ? [`${command}.cmd`, `${command}.exe`] : [command];
  for (const dir of path.split(delimiter)) {
    if (!dir) {
      continue;
    }
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function codeCommandLine(repoRoot: string, kubeconfigPath: string): string {
  return `KUBECONFIG=${shellQuote(kubeconfigPath)} code --extensionDevelopmentPath=${shellQuote(repoRoot)} --new-window ${shellQuote(repoRoot)}`;
}

export function howToWatch(kubeconfigPath: string): string {
  return ['Watch the leases from a terminal:', `  kubectl --kubeconfig ${shellQuote(kubeconfigPath)} get leases -A -w`].join('\n');
}

export function howToOpen(repoRoot: string, kubeconfigPath: string): string {
  return [
    'To open VS Code with Lease Lens on this cluster:',
    `  ${codeCommandLine(repoRoot, kubeconfigPath)}`,
    'or install the packaged extension (npm run package, then code --install-extension lease-lens.vsix)',
    `and start VS Code with KUBECONFIG=${shellQuote(kubeconfigPath)} (or set leaseLens.kubeconfig to that path).`,
  ].join('\n');
}

/** Starts VS Code detached (not waited on). Returns false when there is no `code` on PATH. */
export function openVsCode(repoRoot: string, kubeconfigPath: string, warn: (message: string) => void): boolean {
  const code = findOnPath('code');
  if (!code) {
    return false;
  }
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) {
    warn('dist/extension.js is missing: run `npm run build` (npm start does) so VS Code can load Lease Lens.');
  }
  const child = spawn(code, [`--extensionDevelopmentPath=${repoRoot}`, '--new-window', repoRoot], {
    env: { ...process.env, KUBECONFIG: kubeconfigPath },
    detached: true,
    stdio: 'ignore',
  });
  child.on('error', (err) => warn(`could not start VS Code: ${err.message}`));
  child.unref();
  return true;
}
