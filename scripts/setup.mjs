// What the tests need from the system, checked in one place before any tier runs (and called by
// .ci/run on a fresh machine): Debian packages and Go. As root, missing packages are installed with
// apt-get (lists updated first); otherwise it stops at once with the one command to run.
//   node scripts/setup.mjs           check, and install as root
//   node scripts/setup.mjs --check   check only; exit 1 naming what is missing
import { spawnSync } from 'node:child_process';

// chromium: the webview and end-to-end tiers; openssl: test certificates; libkrb5-dev, ripgrep,
// git, python3, make, g++: code-server's install (harness/codeServer.ts); ca-certificates: HTTPS
// to the registries.
export const DEBIAN_PACKAGES = ['chromium', 'openssl', 'ca-certificates', 'libkrb5-dev', 'ripgrep', 'git', 'python3', 'make', 'g++'];
/** The real control plane (realcluster/go) is built with this Go or newer. */
const GO_MINOR = 26;

function missingPackages() {
  return DEBIAN_PACKAGES.filter((name) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

function goProblem() {
  const r = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    return 'Go is not installed (https://go.dev/doc/install); the real control plane is built with it';
  }
  const m = /go1\.(\d+)/.exec(r.stdout);
  if (m && Number(m[1]) < GO_MINOR) {
    return `Go 1.${GO_MINOR} or newer is needed to build the real control plane (found ${r.stdout.trim()})`;
  }
  return undefined;
}

function aptGet(args) {
  const r = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0;
}

export function setup({ checkOnly = false } = {}) {
  const problems = [];
  let missing = missingPackages();
  if (missing.length > 0) {
    const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
    if (checkOnly || process.getuid?.() !== 0) {
      problems.push(`missing Debian packages: ${missing.join(', ')}. Run:\n  sudo ${command}`);
    } else {
      console.log(`[setup] installing ${missing.join(', ')}`);
      if (!aptGet(['update']) || !aptGet(['install', '-y', '--no-install-recommends', ...missing])) {
        problems.push(`apt-get could not install ${missing.join(', ')}. Run:\n  ${command}`);
      }
      missing = missingPackages();
      if (missing.length > 0 && problems.length === 0) {
        problems.push(`still missing after apt-get: ${missing.join(', ')}`);
      }
    }
  }
  const go = goProblem();
  if (go) {
    problems.push(go);
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = setup({ checkOnly: process.argv.includes('--check') });
  if (problems.length > 0) {
    for (const p of problems) {
      console.error(`[setup] ${p}`);
    }
    process.exit(1);
  }
  console.log('[setup] system packages and Go are in place');
}
