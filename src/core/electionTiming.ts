// The leader election's timing: read from the candidate pods' command lines (kube components'
// `--leader-elect-*` flags, controller-runtime's `--leader-election-*`), client-go's defaults
// when absent, and checked against client-go's own rules, the Lease, the observed renewals and
// the recommended ranges. Pure.
import type { ElectionTiming, TimingCheck, TimingCheckId, TimingLevel, TimingParameter, TimingSource, TimingValue } from '../shared/timing';
import { t } from '../shared/l10n';
import { formatDuration } from './duration';
import { parseGoDuration } from './goDuration';
import { clipText } from './untrustedText';

/** client-go's defaults (leaderelection, and the kube components' componentbase defaults). */
export const defaultTimingMs: Readonly<Record<TimingParameter, number>> = {
  leaseDuration: 15_000,
  renewDeadline: 10_000,
  retryPeriod: 2_000,
};

/** client-go's leaderelection.JitterFactor: the renew deadline must exceed retryPeriod × 1.2. */
export const jitterFactor = 1.2;

/** The ranges the leader election guides recommend (ms, inclusive). */
export const recommendedRangesMs: Readonly<Record<TimingParameter, readonly [number, number]>> = {
  leaseDuration: [15_000, 30_000],
  renewDeadline: [10_000, 20_000],
  retryPeriod: [2_000, 5_000],
};

const durationFlags: Readonly<Record<string, TimingParameter>> = {
  'leader-elect-lease-duration': 'leaseDuration',
  'leader-elect-renew-deadline': 'renewDeadline',
  'leader-elect-retry-period': 'retryPeriod',
  'leader-election-lease-duration': 'leaseDuration',
  'leader-election-renew-deadline': 'renewDeadline',
  'leader-election-retry-period': 'retryPeriod',
};

type OtherFlag = 'leaderElect' | 'resourceName' | 'resourceNamespace';

const otherFlags: Readonly<Record<string, OtherFlag>> = {
  'leader-elect': 'leaderElect',
  'leader-election': 'leaderElect',
  'leader-elect-resource-name': 'resourceName',
  'leader-elect-resource-namespace': 'resourceNamespace',
  'leader-election-id': 'resourceName',
  'leader-election-namespace': 'resourceNamespace',
};

/** One election flag found in a command line (`command` then `args`, as one list). */
export interface ElectionFlag {
  /** The flag's name without dashes, e.g. `leader-elect-renew-deadline`. */
  flag: string;
  /** What it sets. */
  sets: TimingParameter | OtherFlag;
  /** The value as written ('' for a bare boolean flag). */
  raw: string;
  /** Index of the item holding the flag, and of the one holding its value (the same for `--flag=value`). */
  index: number;
  valueIndex: number;
}

/** The election flags of one container's command line, in order (a later one overrides an earlier one). */
export function electionFlags(items: readonly string[]): ElectionFlag[] {
  const found: ElectionFlag[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i] ?? '';
    const m = /^--?([a-z][a-z-]*)(?:=(.*))?$/s.exec(item);
    if (m === null) {
      continue;
    }
    const flag = m[1] ?? '';
    const sets = Object.hasOwn(durationFlags, flag) ? durationFlags[flag] : Object.hasOwn(otherFlags, flag) ? otherFlags[flag] : undefined;
    if (sets === undefined) {
      continue;
    }
    if (m[2] !== undefined) {
      found.push({ flag, sets, raw: m[2], index: i, valueIndex: i });
    } else if (sets === 'leaderElect') {
      found.push({ flag, sets, raw: '', index: i, valueIndex: i }); // a bare boolean flag means true
    } else if (i + 1 < items.length) {
      found.push({ flag, sets, raw: items[i + 1] ?? '', index: i, valueIndex: i + 1 });
      i++;
    }
  }
  return found;
}

export interface ContainerCommand {
  name: string;
  /** `command` then `args`. */
  items: readonly string[];
}

export interface PodCommands {
  name: string;
  containers: readonly ContainerCommand[];
}

/** The election configuration read from one container, before checking. */
export interface ElectionConfig {
  values: Record<TimingParameter, TimingValue>;
  leaderElect?: boolean;
  resourceName?: string;
  resourceNamespace?: string;
  pod?: string;
  /** Flags whose value is not a Go duration (or boolean): the default applies. */
  invalid: { flag: string; raw: string }[];
}

const maxRaw = 80;

/** The configuration of one container's command line. */
export function configOfContainer(items: readonly string[], pod: string, container: string): ElectionConfig {
  const config: ElectionConfig = {
    values: {
      leaseDuration: { ms: defaultTimingMs.leaseDuration, source: { kind: 'default' } },
      renewDeadline: { ms: defaultTimingMs.renewDeadline, source: { kind: 'default' } },
      retryPeriod: { ms: defaultTimingMs.retryPeriod, source: { kind: 'default' } },
    },
    pod,
    invalid: [],
  };
  for (const found of electionFlags(items)) {
    const raw = clipText(found.raw, maxRaw);
    switch (found.sets) {
      case 'leaderElect': {
        const value = found.raw === '' ? true : found.raw === 'true' ? true : found.raw === 'false' ? false : undefined;
        if (value === undefined) {
          config.invalid.push({ flag: found.flag, raw });
        } else {
          config.leaderElect = value;
        }
        break;
      }
      case 'resourceName':
        config.resourceName = raw;
        break;
      case 'resourceNamespace':
        config.resourceNamespace = raw;
        break;
      default: {
        const ms = parseGoDuration(found.raw);
        if (ms === undefined) {
          config.invalid.push({ flag: found.flag, raw });
        } else {
          const source: TimingSource = { kind: 'flag', flag: found.flag, pod, container, raw };
          config.values[found.sets] = { ms, source };
        }
      }
    }
  }
  return config;
}

/**
 * The configuration of the candidates: the first pod (the holder comes first) with a container
 * that sets an election flag; client-go's defaults when none does.
 */
export function readElectionConfig(pods: readonly PodCommands[]): ElectionConfig {
  for (const pod of pods) {
    for (const container of pod.containers) {
      if (electionFlags(container.items).length > 0) {
        return configOfContainer(container.items, pod.name, container.name);
      }
    }
  }
  const config = configOfContainer([], pods[0]?.name ?? '', '');
  if (pods.length === 0) {
    delete config.pod;
  }
  return config;
}

/** What was observed of the election, for the checks that compare. */
export interface ObservedTiming {
  /** The Lease's spec.leaseDurationSeconds. */
  leaseDurationSeconds?: number;
  /** Renew intervals of the current term. */
  renewCount?: number;
  renewMedianMs?: number;
  renewMaxMs?: number;
  /** The longest time without a leader between two terms. */
  maxGapMs?: number;
}

/** A duration as the checks say it: "15s", "2.4s", "500ms". */
export function timingText(ms: number): string {
  if (ms >= 1000 && ms < 60_000 && ms % 1000 !== 0) {
    return t('{0}s', (Math.round(ms / 100) / 10).toString());
  }
  return formatDuration(ms);
}

function check(id: TimingCheckId, level: TimingLevel, about: TimingParameter[], message: string): TimingCheck {
  return { id, level, about, message };
}

function rangeCheck(parameter: TimingParameter, value: number): TimingCheck {
  const [low, high] = recommendedRangesMs[parameter];
  const id: TimingCheckId =
    parameter === 'leaseDuration' ? 'range-lease' : parameter === 'renewDeadline' ? 'range-deadline' : 'range-retry';
  const name = parameterName(parameter);
  if (value < low || value > high) {
    return check(
      id,
      'warn',
      [parameter],
      t('The {0} {1} is outside the recommended {2}–{3}.', name, timingText(value), timingText(low), timingText(high)),
    );
  }
  return check(
    id,
    'ok',
    [parameter],
    t('The {0} {1} is within the recommended {2}–{3}.', name, timingText(value), timingText(low), timingText(high)),
  );
}

/** The parameter's name in messages. */
export function parameterName(parameter: TimingParameter): string {
  return parameter === 'leaseDuration' ? t('lease duration') : parameter === 'renewDeadline' ? t('renew deadline') : t('retry period');
}

/** The checks of a configuration, with what was observed when known. */
export function timingChecks(config: ElectionConfig, observed: ObservedTiming = {}): TimingCheck[] {
  const lease = config.values.leaseDuration.ms;
  const deadline = config.values.renewDeadline.ms;
  const retry = config.values.retryPeriod.ms;
  const checks: TimingCheck[] = [];
  for (const bad of config.invalid) {
    checks.push({
      ...check(
        'invalid-flag',
        'error',
        [],
        t('--{0}={1} is not a valid value; the component refuses to start with it.', bad.flag, bad.raw),
      ),
      flag: bad.flag,
    });
  }
  if (config.leaderElect === false) {
    checks.push(check('disabled', 'warn', [], t('Leader election is disabled (--leader-elect=false): every replica acts as the leader.')));
  }
  checks.push(
    lease > deadline
      ? check(
          'lease-over-deadline',
          'ok',
          ['leaseDuration', 'renewDeadline'],
          t('The lease duration {0} is greater than the renew deadline {1}.', timingText(lease), timingText(deadline)),
        )
      : check(
          'lease-over-deadline',
          'error',
          ['leaseDuration', 'renewDeadline'],
          t(
            'The lease duration {0} must be greater than the renew deadline {1}; client-go refuses this configuration.',
            timingText(lease),
            timingText(deadline),
          ),
        ),
  );
  const jittered = retry * jitterFactor;
  checks.push(
    deadline > jittered
      ? check(
          'deadline-over-jitter',
          'ok',
          ['renewDeadline', 'retryPeriod'],
          t(
            'The renew deadline {0} is greater than the retry period × {1} ({2}).',
            timingText(deadline),
            jitterFactor,
            timingText(jittered),
          ),
        )
      : check(
          'deadline-over-jitter',
          'error',
          ['renewDeadline', 'retryPeriod'],
          t(
            'The renew deadline {0} must be greater than the retry period × {1} ({2}); client-go refuses this configuration.',
            timingText(deadline),
            jitterFactor,
            timingText(jittered),
          ),
        ),
  );
  if (lease > deadline) {
    checks.push(
      lease - deadline >= retry
        ? check(
            'deadline-margin',
            'ok',
            ['leaseDuration', 'renewDeadline'],
            t('A leader that stops renewing gives up {0} before its lease can be taken.', timingText(lease - deadline)),
          )
        : check(
            'deadline-margin',
            'warn',
            ['leaseDuration', 'renewDeadline'],
            t(
              'The renew deadline {0} is within one retry period ({1}) of the lease duration {2}: a leader may still act after another replica took the lease.',
              timingText(deadline),
              timingText(retry),
              timingText(lease),
            ),
          ),
    );
  }
  if (observed.leaseDurationSeconds !== undefined) {
    const leaseMs = observed.leaseDurationSeconds * 1000;
    checks.push(
      leaseMs === lease
        ? check(
            'lease-seconds',
            'ok',
            ['leaseDuration'],
            t("The Lease's leaseDurationSeconds ({0}) matches the lease duration.", observed.leaseDurationSeconds),
          )
        : check(
            'lease-seconds',
            'warn',
            ['leaseDuration'],
            t(
              "The Lease's leaseDurationSeconds ({0}) differs from the lease duration {1}: another process or configuration holds this Lease.",
              observed.leaseDurationSeconds,
              timingText(lease),
            ),
          ),
    );
  }
  if (observed.renewCount !== undefined && observed.renewCount > 0 && observed.renewMedianMs !== undefined) {
    const medianMs = observed.renewMedianMs;
    checks.push(
      medianMs <= retry * 1.5
        ? check(
            'renew-interval',
            'ok',
            ['retryPeriod'],
            t('The leader renews every {0} (median), as the retry period {1} says.', timingText(medianMs), timingText(retry)),
          )
        : check(
            'renew-interval',
            'warn',
            ['retryPeriod'],
            t(
              'The leader renews every {0} (median), slower than the retry period {1}: its renewals are slow or throttled, or it runs other flags.',
              timingText(medianMs),
              timingText(retry),
            ),
          ),
    );
    const maxMs = observed.renewMaxMs ?? medianMs;
    checks.push(
      maxMs >= deadline
        ? check(
            'renew-deadline-headroom',
            'error',
            ['renewDeadline'],
            t(
              'A renewal took {0}, past the renew deadline {1}: the leader should have given up its leadership.',
              timingText(maxMs),
              timingText(deadline),
            ),
          )
        : maxMs >= deadline * 0.75
          ? check(
              'renew-deadline-headroom',
              'warn',
              ['renewDeadline'],
              t(
                'The slowest renewal took {0}, close to the renew deadline {1}: one slow API call from losing leadership.',
                timingText(maxMs),
                timingText(deadline),
              ),
            )
          : check(
              'renew-deadline-headroom',
              'ok',
              ['renewDeadline'],
              t('The slowest renewal took {0}, well within the renew deadline {1}.', timingText(maxMs), timingText(deadline)),
            ),
    );
  }
  checks.push(rangeCheck('leaseDuration', lease), rangeCheck('renewDeadline', deadline), rangeCheck('retryPeriod', retry));
  const worst = lease + retry;
  if (observed.maxGapMs !== undefined) {
    checks.push(
      observed.maxGapMs <= worst
        ? check(
            'failover',
            'ok',
            ['leaseDuration', 'retryPeriod'],
            t(
              'The longest failover seen, {0}, is within the expected worst case {1} (lease duration + retry period).',
              timingText(observed.maxGapMs),
              timingText(worst),
            ),
          )
        : check(
            'failover',
            'warn',
            ['leaseDuration', 'retryPeriod'],
            t(
              'The longest failover seen, {0}, exceeds the expected worst case {1} (lease duration + retry period): no candidate was ready to take over.',
              timingText(observed.maxGapMs),
              timingText(worst),
            ),
          ),
    );
  } else {
    checks.push(
      check(
        'failover',
        'ok',
        ['leaseDuration', 'retryPeriod'],
        t('The expected worst-case failover is {0} (lease duration + retry period).', timingText(worst)),
      ),
    );
  }
  return checks;
}

/** The configuration and its checks, as the panel shows them. */
export function electionTiming(config: ElectionConfig, observed: ObservedTiming = {}): ElectionTiming {
  const timing: ElectionTiming = {
    leaseDuration: config.values.leaseDuration,
    renewDeadline: config.values.renewDeadline,
    retryPeriod: config.values.retryPeriod,
    checks: timingChecks(config, observed),
  };
  if (config.leaderElect !== undefined) {
    timing.leaderElect = config.leaderElect;
  }
  if (config.resourceName !== undefined) {
    timing.resourceName = config.resourceName;
  }
  if (config.resourceNamespace !== undefined) {
    timing.resourceNamespace = config.resourceNamespace;
  }
  if (config.pod !== undefined && config.pod !== '') {
    timing.pod = config.pod;
  }
  return timing;
}
