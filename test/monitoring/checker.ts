// The Go checker of generated monitoring (test/monitoring/go: Prometheus's rulefmt and PromQL
// parser, the grafana-foundation-sdk's dashboard schema), built once into test/monitoring/.cache/
// (ignored by git) under a lock, as realcluster/build.ts builds the control plane: rebuilt only when
// go.mod, go.sum, the Go files or the Go version change. Module versions are pinned in go.mod/go.sum.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withLock } from '../../harness/lock';

const here = dirname(fileURLToPath(import.meta.url));
const sourceDir = join(here, 'go');
const cacheDir = join(here, '.cache');
const binaryPath = join(cacheDir, 'monitoringcheck');
const hashPath = `${binaryPath}.sha256`;

function sourceHash(): string {
  const h = createHash('sha256');
  h.update(execFileSync('go', ['version'], { encoding: 'utf8' }));
  for (const f of readdirSync(sourceDir)
    .filter((name) => name === 'go.mod' || name === 'go.sum' || name.endsWith('.go'))
    .sort()) {
    h.update(`${f}\0`);
    h.update(readFileSync(join(sourceDir, f)));
  }
  return h.digest('hex');
}

/** Builds the checker when its sources changed; resolves to the binary. */
export async function buildChecker(): Promise<string> {
  mkdirSync(cacheDir, { recursive: true });
  return withLock(join(cacheDir, 'build.lock'), 20 * 60_000, async () => {
    const hash = sourceHash();
    if (existsSync(binaryPath) && existsSync(hashPath) && readFileSync(hashPath, 'utf8') === hash) {
      return binaryPath;
    }
    const tmp = `${binaryPath}.${process.pid}.tmp`;
    await new Promise<void>((resolve, reject) => {
      const go = spawn('go', ['build', '-ldflags=-s -w', '-o', tmp, '.'], { cwd: sourceDir, stdio: ['ignore', 'inherit', 'inherit'] });
      go.on('error', reject);
      go.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go build of the monitoring checker exited with ${code}`))));
    });
    renameSync(tmp, binaryPath);
    writeFileSync(hashPath, hash);
    return binaryPath;
  });
}

export interface CheckedRule {
  alert: string;
  expr: string;
  for: string;
  keepFiringFor: string;
  labels: Record<string, string>;
  /** As Prometheus expands them when the alert fires. */
  annotations: Record<string, string>;
  /** Label matchers of the parsed expression (metric names apart), by label. */
  matchers: Record<string, string[]>;
  metrics: string[];
}

export interface CheckReport {
  kind: string;
  name: string;
  namespace: string;
  groups: Array<{ name: string; rules: CheckedRule[] }>;
  dashboard: {
    title: string;
    schemaVersion: number;
    panels: Array<{ type: string; title: string; targets: Array<{ expr: string; matchers: Record<string, string[]>; metrics: string[] }> }>;
  };
  errors: string[];
  exitCode: number;
}

/** Runs the checker on a rule and a dashboard (written to a temporary folder). */
export function check(binary: string, ruleYaml: string, dashboardJson: string): CheckReport {
  const dir = mkdtempSync(join(tmpdir(), 'lease-lens-monitoring-'));
  try {
    const rule = join(dir, 'rule.yaml');
    const board = join(dir, 'dashboard.json');
    writeFileSync(rule, ruleYaml);
    writeFileSync(board, dashboardJson);
    const r = spawnSync(binary, [rule, board], { encoding: 'utf8' });
    if (r.status !== 0 && r.status !== 1) {
      throw new Error(`monitoringcheck failed (${r.status ?? r.signal}): ${r.stderr}`);
    }
    return { ...(JSON.parse(r.stdout) as Omit<CheckReport, 'exitCode'>), exitCode: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
