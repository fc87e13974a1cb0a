// Helpers for unit tests: reading test/fixtures and building LeaseInfo values.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { LeaseInfo, LeaseSpec } from '../../src/shared/types';
import { parseMicroTime } from '../../src/core/microTime';
import { repoPath } from '../../harness/repoRoot';

export function readFixture(name: string): string {
  return readFileSync(repoPath('test', 'fixtures', name), 'utf8');
}

export interface RawLease {
  metadata: { name: string; namespace: string; uid: string; resourceVersion: string; labels?: Record<string, string> };
  spec: LeaseSpec;
}

export function fixtureLeases(): RawLease[] {
  return (JSON.parse(readFixture('leases.json')) as { items: RawLease[] }).items;
}

export function fixtureEvents(): unknown[] {
  return (JSON.parse(readFixture('events.json')) as { items: unknown[] }).items;
}

/** Parses a MicroTime that the test knows is valid. */
export function at(s: string): number {
  const t = parseMicroTime(s);
  assert.ok(t !== undefined, `test time ${s} must parse`);
  return t;
}

/** Rounds to whole microseconds, for comparing derived times. */
export function micros(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.round(ms * 1000);
}

let version = 0;

export function leaseInfo(spec: LeaseSpec, observedAt: number, name = 'lease', namespace = 'ns'): LeaseInfo {
  version++;
  return {
    key: `ctx/${namespace}/${name}`,
    context: 'ctx',
    namespace,
    name,
    uid: 'uid-1',
    resourceVersion: String(version),
    labels: {},
    kind: 'leader',
    spec,
    observedAt,
  };
}
