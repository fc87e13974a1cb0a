// API-server pressure under the countdown: client-side throttling lines ("Waited for … due to
// client-side throttling") and stated renew latencies in the candidates' logs over the last
// minutes, counted locally from the log lines the panel receives.
import type { LogLine } from '../src/shared/types';
import { matchRenewLatency, matchThrottling } from '../src/core/logLine';
import { timingText } from '../src/core/electionTiming';
import { h, setClass, setText } from './dom';
import { t, tn } from '../src/shared/l10n';

/** How far back the pressure looks. */
export const pressureWindowMs = 5 * 60_000;
/** Most samples kept (the newest). */
const maxSamples = 2000;

interface Sample {
  time: number;
  pod: string;
  waitedMs?: number;
}

export class ApiPressure {
  readonly root: HTMLElement;
  private readonly throttling: HTMLElement;
  private readonly latency: HTMLElement;
  private throttled: Sample[] = [];
  private renewals: Sample[] = [];

  constructor() {
    this.throttling = h('div', { class: 'pressure-throttling' });
    this.latency = h('div', { class: 'pressure-latency' });
    this.root = h('div', { class: 'hero-pressure', attrs: { 'aria-label': t('API-server pressure') } }, this.throttling, this.latency);
  }

  /** Forgets everything (a new snapshot). */
  reset(): void {
    this.throttled = [];
    this.renewals = [];
  }

  add(lines: readonly LogLine[]): void {
    for (const line of lines) {
      const text = line.text;
      const throttle = text.includes('throttling') ? matchThrottling(text) : undefined;
      if (throttle !== undefined) {
        this.throttled.push({ time: line.time, pod: line.pod, ...throttle });
        continue;
      }
      const latency = /renew/i.test(text) ? matchRenewLatency(text) : undefined;
      if (latency !== undefined) {
        this.renewals.push({ time: line.time, pod: line.pod, waitedMs: latency });
      }
    }
    if (this.throttled.length > maxSamples) {
      this.throttled = this.throttled.slice(-maxSamples);
    }
    if (this.renewals.length > maxSamples) {
      this.renewals = this.renewals.slice(-maxSamples);
    }
  }

  /** Counts over the last minutes, as of `now`. */
  render(now: number): void {
    const since = now - pressureWindowMs;
    const recent = this.throttled.filter((s) => s.time >= since);
    const minutes = pressureWindowMs / 60_000;
    if (recent.length === 0) {
      setText(this.throttling, t('No client-side throttling in the last {0} min', minutes));
      setClass(this.throttling, 'pressure-high', false);
    } else {
      const waits = recent.map((s) => s.waitedMs).filter((w): w is number => w !== undefined);
      const pods = new Set(recent.map((s) => s.pod)).size;
      const text = tn(recent.length, '{0} throttled request in the last {1} min|{0} throttled requests in the last {1} min', minutes);
      const detail =
        waits.length > 0
          ? t('longest wait {0}, {1}', timingText(Math.max(...waits)), tn(pods, '{0} pod|{0} pods', pods))
          : tn(pods, '{0} pod|{0} pods', pods);
      setText(this.throttling, `${text} (${detail})`);
      setClass(this.throttling, 'pressure-high', true);
    }
    const latencies = this.renewals.filter((s) => s.time >= since).map((s) => s.waitedMs ?? 0);
    if (latencies.length === 0) {
      setText(this.latency, '');
    } else {
      const sorted = [...latencies].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
      setText(this.latency, t('Renew latency: median {0}, max {1}', timingText(median), timingText(sorted.at(-1) ?? 0)));
    }
  }
}
