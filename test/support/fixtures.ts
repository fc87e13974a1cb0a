// Reading test/fixtures (real object shapes, see its README): the one way tests open those files.
import { readFileSync } from 'node:fs';
import { repoPath } from '../../harness/repoRoot';
import type { LeaseObject } from './builders';

/** The text of a file in test/fixtures, e.g. `readFixture('controller-logs.txt')`. */
export function readFixture(name: string): string {
  return readFileSync(repoPath('test', 'fixtures', name), 'utf8');
}

/** A JSON file of test/fixtures, parsed. */
export function fixtureJson<T>(name: string): T {
  return JSON.parse(readFixture(name)) as T;
}

/** The items of leases.json: Leases as `GET .../leases` lists them (no kind or apiVersion). */
export function fixtureLeaseObjects(): LeaseObject[] {
  return fixtureJson<{ items: LeaseObject[] }>('leases.json').items;
}

/** The items of events.json: core/v1 Events of the kube-scheduler Lease. */
export function fixtureEvents(): unknown[] {
  return fixtureJson<{ items: unknown[] }>('events.json').items;
}

/** The Status bodies of status.json, by name (notFound, conflict, forbiddenNamespace, …). */
export function fixtureStatus(): Record<string, unknown> {
  return fixtureJson<Record<string, unknown>>('status.json');
}
