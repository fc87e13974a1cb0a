// What "Generate Monitoring" is made from: one Lease, what Lease Lens measured of its election, the
// flapping rule of the settings and the election's timing (client-go's defaults when unknown); and
// the thresholds the generated alerts and dashboard use, derived from them. Pure.

/** client-go's leader election defaults (seconds): lease duration, renew deadline, retry period. */
export const clientGoDefaults = { leaseDurationSeconds: 15, renewDeadlineSeconds: 10, retryPeriodSeconds: 2 } as const;

/** Prometheus's scrape interval assumed for kube-state-metrics (seconds): the lag its series may have. */
export const DEFAULT_SCRAPE_INTERVAL_SECONDS = 30;

/** A renewal this close to the renew deadline (its share of it) counts as late. */
export const LATE_RENEW_SHARE = 0.8;

/** How a Lease's holderIdentity is shaped (identity.ts): `<pod>_<uuid>`, a bare host name, or other text. */
export type HolderShape = 'hostname-uuid' | 'hostname' | 'other' | 'none';

export interface ElectionTiming {
  leaseDurationSeconds?: number;
  renewDeadlineSeconds?: number;
  retryPeriodSeconds?: number;
}

export interface MonitoringInput {
  namespace: string;
  name: string;
  holderShape: HolderShape;
  /** The Lease's leaseDurationSeconds, as measured on the Lease. */
  leaseDurationSeconds?: number;
  /** Renew intervals observed (ms). */
  renewMedianMs?: number;
  renewMaxMs?: number;
  /** Times without a leader observed before each term (ms). */
  gapsMs: readonly number[];
  /** Leadership changes observed within the last hour. */
  transitionsHour?: number;
  /** The flapping rule of the settings (leaseLens.flapping.changes / windowMinutes). */
  flapping: { changes: number; windowMinutes: number };
  /** Timing read elsewhere (flags); client-go's defaults where absent. */
  timing?: ElectionTiming;
  scrapeIntervalSeconds?: number;
}

export type FigureSource = 'lease' | 'timing' | 'default';

/** The numbers the alerts and panels use, each with where it came from. */
export interface MonitoringThresholds {
  leaseDurationSeconds: number;
  leaseDurationSource: FigureSource;
  renewDeadlineSeconds: number;
  renewDeadlineSource: FigureSource;
  retryPeriodSeconds: number;
  retryPeriodSource: FigureSource;
  scrapeIntervalSeconds: number;
  /** Renewals older than this are late (seconds): LATE_RENEW_SHARE of the renew deadline. */
  lateRenewSeconds: number;
  /** More than `changes` leader changes within `windowMinutes` is flapping. */
  changes: number;
  windowMinutes: number;
  /** The worst handover a healthy election makes (seconds): lease duration + retry period. */
  expectedFailoverSeconds: number;
  /** The longest gap observed (seconds), when any. */
  longestGapSeconds?: number;
}

function positive(n: number | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0;
}

/** Rounded to a tenth, for thresholds written into expressions. */
function tenth(n: number): number {
  return Math.round(n * 10) / 10;
}

export function monitoringThresholds(input: MonitoringInput): MonitoringThresholds {
  const timing = input.timing ?? {};
  const [leaseDurationSeconds, leaseDurationSource]: [number, FigureSource] = positive(input.leaseDurationSeconds)
    ? [input.leaseDurationSeconds, 'lease']
    : positive(timing.leaseDurationSeconds)
      ? [timing.leaseDurationSeconds, 'timing']
      : [clientGoDefaults.leaseDurationSeconds, 'default'];
  const renewDeadlineSource: FigureSource = positive(timing.renewDeadlineSeconds) ? 'timing' : 'default';
  // client-go's default deadline may not fit a short lease: then take client-go's ratio (10 of 15 s).
  const renewDeadlineSeconds = positive(timing.renewDeadlineSeconds)
    ? timing.renewDeadlineSeconds
    : clientGoDefaults.renewDeadlineSeconds < leaseDurationSeconds
      ? clientGoDefaults.renewDeadlineSeconds
      : tenth((leaseDurationSeconds * 2) / 3);
  const [retryPeriodSeconds, retryPeriodSource]: [number, FigureSource] = positive(timing.retryPeriodSeconds)
    ? [timing.retryPeriodSeconds, 'timing']
    : [clientGoDefaults.retryPeriodSeconds, 'default'];
  const gaps = input.gapsMs.filter(positive);
  return {
    leaseDurationSeconds: tenth(leaseDurationSeconds),
    leaseDurationSource,
    renewDeadlineSeconds: tenth(renewDeadlineSeconds),
    renewDeadlineSource,
    retryPeriodSeconds: tenth(retryPeriodSeconds),
    retryPeriodSource,
    scrapeIntervalSeconds: positive(input.scrapeIntervalSeconds) ? input.scrapeIntervalSeconds : DEFAULT_SCRAPE_INTERVAL_SECONDS,
    lateRenewSeconds: tenth(renewDeadlineSeconds * LATE_RENEW_SHARE),
    changes: Math.max(1, Math.floor(input.flapping.changes)),
    windowMinutes: Math.max(1, Math.floor(input.flapping.windowMinutes)),
    expectedFailoverSeconds: tenth(leaseDurationSeconds + retryPeriodSeconds),
    longestGapSeconds: gaps.length > 0 ? tenth(Math.max(...gaps) / 1000) : undefined,
  };
}

/** A Prometheus duration for whole or fractional seconds: `15s`, `1500ms`. */
export function promDuration(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
