// The countdown: time left until the Lease runs out, large, and as a draining bar; ticked locally
// from the Lease as last observed (no messages to the host). Also the two clocks side by side
// (by renewTime, by observation) and the skew between them when it exceeds a second.
import type { LeaseInfo } from '../src/shared/types';
import { defaultPanelSettings } from '../src/shared/webviewProtocol';
import { formatDuration, formatTimeLeft, leaseStatus, type LeaseStatus } from '../src/core/leaseStatus';
import { h, setClass, setText, show } from './dom';
import { clockTime, isoTime } from './format';
import type { BadgeState } from './stateBadge';
import { t } from '../src/shared/l10n';

/** Skew below this is noise (clock granularity, delivery latency). */
const skewThresholdMs = 1000;

export interface CountdownInput {
  lease?: LeaseInfo;
  deleted: boolean;
  expiringSeconds: number;
  /** Set while the context's connection is lost (the Lease server's record says since when): no countdown, never "expired". */
  unknownSince?: number;
}

/** Whole seconds left, rounded up, as the big number shows them ("12s", "1m 05s"). */
export function bigTimeLeft(msLeft: number): string {
  return formatDuration(Math.ceil(msLeft / 1000) * 1000);
}

export class Countdown {
  readonly root: HTMLElement;
  readonly clocks: HTMLElement;
  private readonly value: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly bar: HTMLElement;
  private readonly fill: HTMLElement;
  private readonly byRenew: HTMLElement;
  private readonly byObservation: HTMLElement;
  private readonly skew: HTMLElement;
  private readonly skewRow: HTMLElement;
  private input: CountdownInput = { deleted: false, expiringSeconds: defaultPanelSettings.expiringSeconds };
  private lastFraction = -1;

  constructor() {
    this.value = h('div', { class: 'countdown-value', attrs: { 'aria-live': 'off' } });
    this.fill = h('div', { class: 'countdown-fill' });
    this.bar = h(
      'div',
      {
        class: 'countdown-bar',
        attrs: { role: 'progressbar', 'aria-label': t('Time left'), 'aria-valuemin': '0', 'aria-valuemax': '100' },
      },
      this.fill,
    );
    this.caption = h('div', { class: 'countdown-caption' });
    this.root = h(
      'div',
      { class: 'hero-countdown' },
      h('div', { class: 'hero-label' }, t('Time left')),
      this.value,
      this.bar,
      this.caption,
    );

    this.byRenew = h('span', { class: 'clock-value' });
    this.byObservation = h('span', { class: 'clock-value' });
    this.skew = h('span', { class: 'clock-value skew' });
    this.skewRow = h(
      'div',
      { class: 'clock clock-skew' },
      h(
        'span',
        {
          class: 'clock-label',
          title: t('byRenewTime − byObservation: how far the holder’s renewTime runs ahead of when the change was observed'),
        },
        t('Clock skew'),
      ),
      this.skew,
    );
    this.clocks = h(
      'div',
      { class: 'clocks' },
      h(
        'div',
        { class: 'clock' },
        h('span', { class: 'clock-label', title: t('renewTime + leaseDurationSeconds − now (the holder’s clock)') }, t('By renewTime')),
        this.byRenew,
      ),
      h(
        'div',
        { class: 'clock' },
        h(
          'span',
          {
            class: 'clock-label',
            title: t('When Lease Lens last saw the Lease change + leaseDurationSeconds − now (how client-go candidates judge expiry)'),
          },
          t('By observation'),
        ),
        this.byObservation,
      ),
      this.skewRow,
    );
  }

  set(input: CountdownInput): void {
    this.input = { ...input, unknownSince: input.unknownSince ?? this.input.unknownSince };
  }

  /** The context lost its connection at `since` (undefined: connected again). */
  setUnknownSince(since: number | undefined): void {
    this.input = { ...this.input, unknownSince: since };
  }

  /** Recomputes everything for `now`; returns the state for the badge. */
  tick(now: number): { state: BadgeState; status?: LeaseStatus } {
    const { lease, deleted } = this.input;
    if (!lease) {
      this.showStatic(
        deleted ? t('Deleted') : t('Waiting…'),
        deleted ? t('The Lease no longer exists.') : t('Waiting for the Lease to be listed.'),
        deleted ? 'deleted' : 'waiting',
      );
      return { state: deleted ? 'deleted' : 'waiting' };
    }
    const status = leaseStatus(lease, now, { expiringSeconds: this.input.expiringSeconds });
    const unknownSince = this.input.unknownSince;
    if (unknownSince !== undefined && !deleted) {
      this.renderClocks(status);
      this.showStatic(
        t('Unknown'),
        t(
          'Unknown since {0}: the connection to the cluster was lost, so whether the Lease is still held is not known. The countdown resumes when it is back.',
          clockTime(unknownSince, now),
        ),
        'unknown',
      );
      this.caption.title = isoTime(unknownSince);
      return { state: 'unknown', status };
    }
    const state: BadgeState = deleted ? 'deleted' : status.state;
    this.root.dataset.state = state;
    this.renderClocks(status);

    if (deleted) {
      const caption = lease.spec.holderIdentity
        ? t('This Lease was deleted. Its history is kept below.')
        : t('This Lease was deleted. It had no holder when deleted.');
      this.showStatic(t('Deleted'), caption, 'deleted');
      return { state, status };
    }
    show(this.bar, !status.forLife);
    if (status.forLife) {
      this.showStatic(t('Never expires'), t('Never expires: a dead leader holds it until its pod is deleted.'), 'held');
      return { state, status };
    }
    switch (status.state) {
      case 'held':
      case 'expiring':
      case 'expired': {
        const left = (status.expiresAt ?? now) - now;
        const duration = status.durationMs ?? 0;
        if (left > 0) {
          setText(this.value, bigTimeLeft(left));
        } else {
          setText(this.value, formatTimeLeft(status, now));
        }
        this.value.dataset.msLeft = String(Math.round(left));
        this.setFraction(duration > 0 ? Math.max(0, Math.min(1, left / duration)) : 0);
        const expiresAt = status.expiresAt;
        setText(
          this.caption,
          expiresAt === undefined
            ? ''
            : left > 0
              ? t('of {0} · runs out at {1} unless renewed', formatDuration(duration), clockTime(expiresAt, now))
              : t('ran out at {0} · not renewed for {1}', clockTime(expiresAt, now), formatDuration(now - expiresAt + duration)),
        );
        this.caption.title = expiresAt === undefined ? '' : isoTime(expiresAt);
        break;
      }
      case 'released':
        this.showStatic(t('Released'), t('The holder gave the Lease up; any candidate may acquire it now.'), 'released');
        break;
      case 'never-held':
        this.showStatic(t('Never held'), t('No candidate has acquired this Lease yet.'), 'never-held');
        break;
      case 'invalid':
        this.showStatic(t('Invalid'), status.reason ?? t('The Lease spec cannot be read.'), 'invalid');
        break;
    }
    return { state, status };
  }

  private showStatic(value: string, caption: string, state: BadgeState): void {
    this.root.dataset.state = state;
    setText(this.value, value);
    delete this.value.dataset.msLeft;
    setText(this.caption, caption);
    this.setFraction(0);
    if (!this.input.lease) {
      setText(this.byRenew, '—');
      setText(this.byObservation, '—');
      show(this.skewRow, false);
    }
  }

  private setFraction(fraction: number): void {
    // Quantized to 0.1 %: no style work on ticks that would not move the bar a pixel.
    const q = Math.round(fraction * 1000) / 1000;
    if (q !== this.lastFraction) {
      this.lastFraction = q;
      this.fill.style.transform = `scaleX(${q})`;
      this.bar.setAttribute('aria-valuenow', String(Math.round(q * 100)));
    }
  }

  private renderClocks(status: LeaseStatus): void {
    setText(this.byRenew, clockText(status.byRenewMs, status));
    setText(this.byObservation, clockText(status.byObservationMs, status));
    setClass(this.byRenew, 'negative', (status.byRenewMs ?? 1) <= 0);
    setClass(this.byObservation, 'negative', (status.byObservationMs ?? 1) <= 0);
    const skew = status.skewMs;
    const showSkew = skew !== undefined && Math.abs(skew) > skewThresholdMs;
    show(this.skewRow, showSkew);
    if (showSkew) {
      setText(
        this.skew,
        skew > 0
          ? t('renewTime is {0} ahead of the observation', formatDuration(skew))
          : t('renewTime is {0} behind the observation', formatDuration(-skew)),
      );
    }
  }
}

function clockText(ms: number | undefined, status: LeaseStatus): string {
  if (ms === undefined || status.state === 'released' || status.state === 'never-held' || status.state === 'invalid') {
    return '—';
  }
  return ms > 0 ? t('{0} left', bigTimeLeft(ms)) : t('expired {0} ago', formatDuration(-ms));
}
