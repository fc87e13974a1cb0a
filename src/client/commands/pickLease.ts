// Which Lease a command acts on: the tree row or status bar item it was invoked from, the log
// document it was invoked on, or — from the Command Palette — one picked from the known Leases.
import * as vscode from 'vscode';
import { shortHolder } from '../../core/identity';
import { parseLeaseKey, type LeaseInfo, type LeaseKey } from '../../shared/types';
import { leaseKeyOfLogDocument } from '../documents/logDocumentProvider';
import { statusBarText } from '../../core/untrustedText';
import type { CommandDeps } from './commandDeps';

interface LeaseItem extends vscode.QuickPickItem {
  key: LeaseKey;
}

/** The LeaseKey an argument names: a Lease row id / status bar argument, or a log document. */
export function leaseKeyOf(arg: unknown): LeaseKey | undefined {
  if (typeof arg === 'string') {
    return parseLeaseKey(arg) ? arg : undefined;
  }
  if (arg instanceof vscode.Uri) {
    return leaseKeyOfLogDocument(arg);
  }
  return undefined;
}

function item(deps: CommandDeps, lease: LeaseInfo, now: number): LeaseItem {
  const followed = deps.follow.isFollowed(lease.key);
  return {
    key: lease.key,
    label: `${followed ? '$(eye) ' : ''}${lease.name}`,
    description: statusBarText(`${lease.namespace} · ${lease.context}`, 200),
    detail: statusBarText(deps.tree.model.description(lease.key, now) ?? shortHolder(lease.spec.holderIdentity), 200),
  };
}

export interface PickOptions {
  /** Only followed Leases. */
  followedOnly?: boolean;
  placeholder: string;
}

/** The Lease to act on, or undefined when the user cancelled (or none is known, which is said). */
export async function leaseTarget(deps: CommandDeps, arg: unknown, options: PickOptions): Promise<LeaseKey | undefined> {
  const given = leaseKeyOf(arg);
  if (given) {
    return given;
  }
  const now = Date.now();
  const leases = deps.leases.leases();
  let items = leases.map((lease) => item(deps, lease, now));
  for (const key of deps.follow.keys()) {
    if (!items.some((i) => i.key === key)) {
      const lease = deps.follow.snapshot(key)?.lease;
      const parsed = parseLeaseKey(key);
      items.unshift(lease ? item(deps, lease, now) : { key, label: `$(eye) ${parsed?.name ?? key}`, description: statusBarText(key, 200) });
    }
  }
  if (options.followedOnly) {
    items = items.filter((i) => deps.follow.isFollowed(i.key));
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      options.followedOnly
        ? vscode.l10n.t('Lease Lens: no Lease is followed. Right-click a Lease in the Leases view and choose Follow Lease.')
        : vscode.l10n.t('Lease Lens: no Leases are loaded yet. Open the Lease Lens view and expand a context to load its Leases.'),
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, {
    placeHolder: options.placeholder,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.key;
}
