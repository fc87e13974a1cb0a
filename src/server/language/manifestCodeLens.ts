// "Follow this Lease" above `kind: Lease`, following it in the manifest's context (the current
// one, or the one a read-only Lease YAML document comes from).
import type { CodeLens } from 'vscode-languageserver';
import type { LeaseManifest } from '../../core/leaseManifest';
import { leaseKey } from '../../shared/types';
import { manifestLeaseName } from './manifestLease';
import { t } from '../../shared/l10n';

/** The client command that follows a Lease; it takes the LeaseKey as a string. */
export const followLeaseCommand = 'leaseLens.followLease';

export function leaseManifestCodeLenses(manifests: readonly LeaseManifest[], context: string | undefined): CodeLens[] {
  if (context === undefined) {
    return [];
  }
  const lenses: CodeLens[] = [];
  for (const manifest of manifests) {
    const lease = manifestLeaseName(manifest);
    if (lease === undefined) {
      continue;
    }
    const kind = manifest.kind;
    const key = leaseKey(context, lease.namespace, lease.name);
    lenses.push({
      range: { start: { line: kind.line, character: kind.keyStart }, end: { line: kind.line, character: kind.value?.end ?? kind.keyEnd } },
      command: { title: t('Follow this Lease'), tooltip: t('Follow {0}', key), command: followLeaseCommand, arguments: [key] },
    });
  }
  return lenses;
}
