// Hover on a Lease manifest's name or holderIdentity: the live state of that Lease in the
// manifest's context (holder, time left, transitions, last renewal), when the Lease server has it.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { LeaseManifest, YamlEntry } from '../../core/leaseManifest';
import { stringValue } from '../../core/leaseManifest';
import { formatCoarseDuration, formatDuration } from '../../core/duration';
import { leaseStatus, formatTimeLeft } from '../../core/leaseStatus';
import { parseMicroTime } from '../../core/microTime';
import type { LeaseInfo } from '../../shared/types';
import type { LeaseLookup } from './leaseLookup';
import { inlineCode } from './markdown';
import { manifestLeaseName } from './manifestLease';
import { t } from '../../shared/l10n';

function covers(entry: YamlEntry | undefined, position: Position): entry is YamlEntry {
  if (entry === undefined || entry.line !== position.line) {
    return false;
  }
  const end = entry.value?.end ?? entry.keyEnd;
  return position.character >= entry.keyStart && position.character <= end;
}

function lastRenew(renewTime: string | undefined, now: number): string | undefined {
  if (renewTime === undefined || renewTime === '') {
    return undefined;
  }
  const at = parseMicroTime(renewTime);
  if (at === undefined) {
    return inlineCode(renewTime);
  }
  const ago = now - at;
  const when = ago >= 0 ? t('{0} ago', formatCoarseDuration(ago)) : t("{0} ahead of the server's clock", formatDuration(-ago));
  return `${inlineCode(renewTime)} (${when})`;
}

/** The hover text for a live Lease; `manifestHolder` is what the manifest's holderIdentity says. */
export function liveLeaseMarkdown(lease: LeaseInfo, now: number, manifestHolder?: string): string {
  const status = leaseStatus(lease, now);
  const spec = lease.spec;
  const lines = [t('**Lease** {0} in context {1}', inlineCode(`${lease.namespace}/${lease.name}`), inlineCode(lease.context)), ''];
  const holder = spec.holderIdentity ?? '';
  lines.push(`- ${t('Holder: {0}', holder === '' ? `_${t('none')}_` : inlineCode(holder))}`);
  const left = formatTimeLeft(status);
  lines.push(
    `- ${status.durationMs === undefined ? t('Time left: {0}', left) : t('Time left: {0} of {1}', left, formatDuration(status.durationMs))}`,
  );
  lines.push(`- ${t('Transitions: {0}', spec.leaseTransitions ?? 0)}`);
  const renewed = lastRenew(spec.renewTime, now);
  if (renewed !== undefined) {
    lines.push(`- ${t('Last renew: {0}', renewed)}`);
  }
  if (manifestHolder !== undefined && manifestHolder !== holder) {
    const says = manifestHolder === '' ? t('no holder') : inlineCode(manifestHolder);
    lines.push('', t("The live holder differs from this manifest's holderIdentity ({0}).", says));
  }
  return lines.join('\n');
}

export function leaseManifestHover(
  manifests: readonly LeaseManifest[],
  position: Position,
  lookup: LeaseLookup,
  context: string | undefined,
  now: number,
): Hover | null {
  for (const manifest of manifests) {
    if (position.line < manifest.startLine || position.line > manifest.endLine) {
      continue;
    }
    const nameEntry = manifest.metadataFields.get('name');
    const holderEntry = manifest.specFields.get('holderIdentity');
    const onHolder = covers(holderEntry, position);
    const hovered = onHolder ? holderEntry : covers(nameEntry, position) ? nameEntry : undefined;
    if (hovered === undefined) {
      return null;
    }
    const named = manifestLeaseName(manifest);
    if (named === undefined || context === undefined) {
      return null;
    }
    const lease = lookup.lease(context, named.namespace, named.name);
    if (lease === undefined) {
      return null;
    }
    const value = hovered.value;
    return {
      contents: { kind: MarkupKind.Markdown, value: liveLeaseMarkdown(lease, now, onHolder ? stringValue(holderEntry) : undefined) },
      range: {
        start: { line: hovered.line, character: value?.start ?? hovered.keyStart },
        end: { line: hovered.line, character: value?.end ?? hovered.keyEnd },
      },
    };
  }
  return null;
}
