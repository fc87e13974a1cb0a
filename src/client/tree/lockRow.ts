// What a Lease row adds for elections that are not a plain Lease (issue 17): the lock it is kept in
// (ConfigMap, Endpoints, leader-for-life, a migration lock's two records), records that disagree,
// and a coordinated election's strategy, preferred holder and LeaseCandidates (the child rows).
// Pure: the tree model and the tests use it without VS Code. Cluster strings are clipped in
// descriptions and escaped in tooltips.
import { coordinatedPick, type CoordinatedPick } from '../../core/coordinatedElection';
import { formatCoarseDuration } from '../../core/duration';
import { shortHolder } from '../../core/identity';
import { parseMicroTime } from '../../core/microTime';
import { clipText } from '../../core/untrustedText';
import type { LeaseCandidateInfo, LeaseInfo } from '../../shared/types';
import { electionRecords, isMigrationLock, lockObjectKind, lockWord } from '../../core/lockWords';
import { t } from '../../shared/l10n';
import type { RowIcon } from './leaseRow';
import { escapeMarkdown, markdownTable } from './markdown';

/** Longest cluster string in a row's description. */
const maxDescriptionText = 63;

/** The tooltip's title line for the lock: "leader-for-life (ConfigMap owned by pod X)". */
export function lockTitle(lease: LeaseInfo): string | undefined {
  if (lease.lock === 'leader-for-life') {
    return lease.ownerPod
      ? t('leader-for-life (ConfigMap owned by pod {0})', escapeMarkdown(lease.ownerPod))
      : t('leader-for-life (ConfigMap; no owner pod)');
  }
  const word = lockWord(lease);
  return word === undefined ? undefined : word;
}

/** The row's icon shape for a lock, colored by the state's color. */
export function lockIcon(lease: LeaseInfo, stateIcon: RowIcon): RowIcon {
  if (lease.recordsDisagree && lease.recordsDisagree.length > 0) {
    return { id: 'warning', color: 'list.warningForeground' };
  }
  if (isMigrationLock(lease)) {
    return { id: 'files', color: stateIcon.color };
  }
  switch (lease.lock) {
    case 'configmap':
      return { id: 'file-code', color: stateIcon.color };
    case 'endpoints':
      return { id: 'plug', color: stateIcon.color };
    case 'leader-for-life':
      return { id: 'pinned', color: stateIcon.color };
    default:
      return stateIcon;
  }
}

/** `holder (preferred: other)` when a coordinated election prefers someone else. */
export function withPreferred(lease: LeaseInfo, holder: string): string {
  const preferred = lease.spec.preferredHolder;
  if (!preferred || preferred === lease.spec.holderIdentity) {
    return holder;
  }
  return t('{0} (preferred: {1})', holder, clipText(shortHolder(preferred), maxDescriptionText));
}

/** The parts after the time left: the strategy of a coordinated election, "records disagree". */
export function lockSuffixes(lease: LeaseInfo): string[] {
  const parts: string[] = [];
  if (lease.spec.strategy) {
    parts.push(clipText(lease.spec.strategy, maxDescriptionText));
  }
  if (lease.recordsDisagree && lease.recordsDisagree.length > 0) {
    parts.push(t('records disagree'));
  }
  return parts;
}

function cell(value: string | number | undefined): string {
  return value === undefined || value === '' ? '' : escapeMarkdown(String(value));
}

/** Markdown: each record of a migration lock, and the differences when they disagree. */
export function recordsTooltip(lease: LeaseInfo): string | undefined {
  const parts: string[] = [];
  if (lease.recordsDisagree && lease.recordsDisagree.length > 0) {
    parts.push([t('**⚠ The records disagree:**'), ...lease.recordsDisagree.map((d) => `- ${escapeMarkdown(d)}`)].join('\n'));
  }
  if (isMigrationLock(lease)) {
    const records = electionRecords(lease);
    const header = ['|', t('Record'), '|', 'holderIdentity', '|', 'renewTime', '|', 'acquireTime', '|', t('transitions'), '|'].join(' ');
    const rows = records.map(
      (r) =>
        `| ${lockObjectKind(r.lock)} | ${cell(r.spec.holderIdentity) || '—'} | ${cell(r.spec.renewTime) || '—'} | ${cell(r.spec.acquireTime) || '—'} | ${r.spec.leaseTransitions ?? '—'} |`,
    );
    parts.push([header, '| --- | --- | --- | --- | --- |', ...rows].join('\n'));
  }
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

/** Markdown: a coordinated election's strategy, preferred holder, candidates and the pick. */
export function coordinatedTooltip(lease: LeaseInfo, now: number): string | undefined {
  const candidates = lease.candidates ?? [];
  if (!lease.spec.strategy && !lease.spec.preferredHolder && candidates.length === 0) {
    return undefined;
  }
  const pick = coordinatedPick(lease.spec, candidates, now);
  const lines = [t('**Coordinated election:** strategy {0}', cell(pick.strategy) || '—')];
  if (lease.spec.preferredHolder) {
    lines.push(t('**Preferred holder:** {0}', escapeMarkdown(lease.spec.preferredHolder)));
  }
  lines.push(
    pick.picked !== undefined
      ? t('**The strategy would pick:** {0}', escapeMarkdown(pick.picked))
      : t('**No pick:** {0}', escapeMarkdown(pick.reason ?? '')),
  );
  return lines.join('  \n');
}

// ---- candidate rows ------------------------------------------------------------------------

export function candidatesOf(lease: LeaseInfo | undefined): LeaseCandidateInfo[] {
  return [...(lease?.candidates ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function ago(now: number, value: string | undefined): string | undefined {
  const at = parseMicroTime(value);
  return at === undefined ? undefined : t('{0} ago', formatCoarseDuration(now - at));
}

export interface CandidateLook {
  label: string;
  description: string;
  icon: RowIcon;
  contextValue: string;
}

/** `1.33.0 · emulates 1.32.0 · renewed 2m ago · strategy pick`. */
export function candidateLook(candidate: LeaseCandidateInfo, pick: CoordinatedPick, now: number): CandidateLook {
  const verdict = pick.verdicts.find((v) => v.name === candidate.name);
  const picked = pick.picked === candidate.name;
  const parts = [
    candidate.binaryVersion ? clipText(candidate.binaryVersion, maxDescriptionText) : t('no binary version'),
    t('emulates {0}', candidate.emulationVersion ? clipText(candidate.emulationVersion, maxDescriptionText) : '—'),
  ];
  const renewed = ago(now, candidate.renewTime);
  parts.push(renewed ? t('renewed {0}', renewed) : t('never renewed'));
  if (picked) {
    parts.push(t('strategy pick'));
  } else if (verdict && !verdict.eligible) {
    parts.push(t('not eligible'));
  }
  return {
    label: clipText(candidate.name, 253),
    description: parts.join(' · '),
    icon: picked
      ? { id: 'star-full', color: 'charts.green' }
      : verdict?.eligible === false
        ? { id: 'circle-slash', color: 'disabledForeground' }
        : { id: 'person' },
    contextValue: picked ? 'leaseCandidate.picked' : 'leaseCandidate',
  };
}

export function candidateTooltip(lease: LeaseInfo, candidate: LeaseCandidateInfo, pick: CoordinatedPick, now: number): string {
  const verdict = pick.verdicts.find((v) => v.name === candidate.name);
  const title = t('**{0}**: LeaseCandidate for {1}', escapeMarkdown(candidate.name), escapeMarkdown(`${lease.namespace}/${lease.name}`));
  const table = markdownTable(
    [t('Spec field'), t('Value')],
    [
      ['binaryVersion', cell(candidate.binaryVersion)],
      ['emulationVersion', cell(candidate.emulationVersion)],
      ['strategy', cell(candidate.strategy)],
      ['pingTime', candidate.pingTime ? `${cell(candidate.pingTime)} (${ago(now, candidate.pingTime) ?? '?'})` : ''],
      ['renewTime', candidate.renewTime ? `${cell(candidate.renewTime)} (${ago(now, candidate.renewTime) ?? '?'})` : ''],
      ['apiVersion', cell(candidate.apiVersion)],
    ],
  );
  const verdictLine =
    pick.picked === candidate.name
      ? t('The strategy {0} would pick this candidate.', cell(pick.strategy))
      : verdict?.eligible === false
        ? t('Not eligible: {0}', escapeMarkdown(verdict.reason ?? ''))
        : pick.picked === undefined
          ? t('No pick: {0}', escapeMarkdown(pick.reason ?? ''))
          : t('Eligible; the strategy prefers {0}.', escapeMarkdown(pick.picked));
  return [title, table, verdictLine].join('\n\n');
}
