// Health rows and details as the Lease server sends them to the Health view (protocol values of
// src/shared/health.ts), for the Health view's tests.
import type { HealthDetail, HealthRow, HealthTerm } from '../../src/shared/health';
import type { HostToHealthView } from '../../src/shared/healthViewProtocol';
import { leaseKey } from '../../src/shared/types';

export function healthRow(context: string, namespace: string, name: string, fields: Partial<HealthRow> = {}, now = Date.now()): HealthRow {
  return {
    key: leaseKey(context, namespace, name),
    context,
    namespace,
    name,
    holder: `${name}-0_0b3c9a4e-6f1d-4c1e-9a55-2f3d4c5b6a70`,
    renewedAt: now - 2000,
    observedAt: now - 1990,
    durationMs: 15_000,
    transitionsHour: 0,
    transitionsDay: 1,
    renewMedianMs: 2000,
    renewMaxMs: 2100,
    flags: [],
    terms: 1,
    eventTerms: 0,
    ...fields,
  };
}

export function rowsMessage(rows: HealthRow[], reset = true, removed: string[] = []): HostToHealthView {
  return { type: 'rows', reset, rows, removed, hostNow: Date.now() };
}

/** `count` rows in one context, named lease-00000 … with a namespace per hundred. */
export function manyRows(count: number, now = Date.now()): HealthRow[] {
  return Array.from({ length: count }, (_, i) =>
    healthRow(
      'big',
      `ns-${String(Math.floor(i / 100)).padStart(3, '0')}`,
      `lease-${String(i).padStart(5, '0')}`,
      { transitionsHour: i % 7 },
      now,
    ),
  );
}

export function term(holder: string, acquiredAt: number, fields: Partial<HealthTerm> = {}): HealthTerm {
  return { holder, acquiredAt, source: 'watch', renewals: 3, durationMs: 15_000, ...fields };
}

export function healthDetail(row: HealthRow, terms: HealthTerm[], renewIntervals: number[] = []): HealthDetail {
  return { row, terms, renewIntervals, droppedTerms: 0, firstObservedAt: terms[0]?.acquiredAt };
}
