// The panel header: which Lease (name, namespace, context), its state badge, the deleted banner,
// and the holder, big, with its full identity and the pod it resolves to.
import type { LeaseInfo, PodRef, PodResolution } from '../src/shared/types';
import { clipText } from '../src/core/untrustedText';
import { renderLockLabel } from './lockRecords';
import type { LeaseStatus } from '../src/core/leaseStatus';
import { shortHolder } from '../src/core/identity';
import { custom, h, replace, setText, show } from './dom';
import { podColorClass } from './podColors';
import { setBadge, type BadgeState } from './stateBadge';
import { t, tn } from '../src/shared/l10n';
import { tNodes } from './l10n';

export interface HeaderData {
  /** False until the Lease has been listed (and after it was deleted unseen). */
  hasLease: boolean;
  name: string;
  namespace: string;
  context: string;
  deleted: boolean;
  holder: string;
  pods: readonly PodRef[];
  podResolution: PodResolution;
  podMessage?: string;
  /** The Lease itself, for its lock kind, owner pod and preferred holder (issue 17). */
  lease?: LeaseInfo;
}

export class Header {
  readonly root: HTMLElement;
  readonly holderRoot: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly name: HTMLElement;
  private readonly where: HTMLElement;
  private readonly badge: HTMLElement;
  private readonly holderName: HTMLElement;
  private readonly holderId: HTMLElement;
  private readonly copy: HTMLElement;
  private readonly pod: HTMLElement;
  private readonly lockBadge: HTMLElement;
  private readonly preferred: HTMLElement;
  private holder = '';

  constructor(private readonly onCopy: (text: string) => void) {
    this.banner = h(
      'div',
      { class: 'banner banner-deleted', attrs: { role: 'status' } },
      t('This Lease was deleted; its history is kept.'),
    );
    show(this.banner, false);
    this.name = h('h1', { class: 'lease-name' });
    this.badge = h('span', { class: 'state-badge', attrs: { role: 'status' } });
    this.where = h('div', { class: 'lease-where' });
    this.lockBadge = h('span', { class: 'lock-badge' });
    show(this.lockBadge, false);
    this.root = h(
      'header',
      { class: 'lease-header' },
      this.banner,
      h('div', { class: 'lease-title-row' }, this.name, this.badge, this.lockBadge),
      this.where,
    );

    this.holderName = h('div', { class: 'holder-name' });
    this.holderId = h('code', { class: 'holder-identity' });
    this.copy = custom(
      'vscode-button',
      { class: 'copy-holder', title: t('Copy the holder identity'), attrs: { appearance: 'secondary' } },
      t('Copy'),
    );
    this.copy.addEventListener('click', () => {
      if (this.holder) {
        this.onCopy(this.holder);
      }
    });
    this.pod = h('div', { class: 'holder-pod' });
    this.preferred = h('div', { class: 'holder-preferred' });
    show(this.preferred, false);
    this.holderRoot = h(
      'div',
      { class: 'hero-holder' },
      h('div', { class: 'hero-label' }, t('Holder')),
      this.holderName,
      h('div', { class: 'holder-id-row' }, this.holderId, this.copy),
      this.preferred,
      this.pod,
    );
    setBadge(this.badge, 'waiting');
  }

  render(data: HeaderData): void {
    setText(this.name, data.name);
    replace(
      this.where,
      h('span', { class: 'where-label' }, `${t('namespace')} `),
      h('span', { class: 'where-value' }, data.namespace),
      h('span', { class: 'where-sep' }, ' · '),
      h('span', { class: 'where-label' }, `${t('context')} `),
      h('span', { class: 'where-value' }, data.context),
    );
    show(this.banner, data.deleted);
    renderLockLabel(this.lockBadge, data.lease);
    const preferred = data.lease?.spec.preferredHolder;
    show(this.preferred, !!preferred);
    setText(this.preferred, preferred ? t('Preferred holder: {0}', clipText(preferred, 253)) : '');
    this.holder = data.holder;
    this.renderHolder(data);
  }

  setState(state: BadgeState, status?: LeaseStatus): void {
    setBadge(this.badge, state);
    this.holderRoot.dataset.state = state;
    if (status?.state === 'invalid' && status.reason) {
      this.badge.title = status.reason;
    } else {
      this.badge.removeAttribute('title');
    }
  }

  private renderHolder(data: HeaderData): void {
    const holder = data.holder;
    if (!data.hasLease && !data.deleted) {
      setText(this.holderName, '—');
      this.holderName.className = 'holder-name none';
      setText(this.holderId, '');
      show(this.copy, false);
      setText(this.pod, t('Waiting for the Lease to be listed…'));
      return;
    }
    if (!holder) {
      setText(this.holderName, data.deleted ? t('No holder when deleted') : t('No holder'));
      this.holderName.className = 'holder-name none';
      setText(this.holderId, '');
      show(this.copy, false);
      setText(this.pod, data.deleted ? '' : t('Nobody holds this Lease: a candidate can acquire it right away.'));
      return;
    }
    const pod = data.pods.find((p) => p.holder);
    setText(this.holderName, shortHolder(holder));
    this.holderName.className = `holder-name ${pod ? podColorClass(pod.name) : ''}`;
    this.holderName.title = holder;
    setText(this.holderId, holder);
    show(this.copy, true);
    const owner = data.lease?.lock === 'leader-for-life' ? data.lease.ownerPod : undefined;
    if (owner !== undefined) {
      const ownerName = h('strong', { class: 'owner-pod' }, clipText(owner, 253));
      replace(
        this.pod,
        ...tNodes('leader pod {0}: it owns the lock ConfigMap', ownerName),
        ...(pod ? [' · ', ...this.podLine(pod, data)] : []),
      );
      return;
    }
    replace(this.pod, ...this.podLine(pod, data));
  }

  private podLine(pod: PodRef | undefined, data: HeaderData): Array<Node | string> {
    if (pod) {
      const podName = h('strong', { class: podColorClass(pod.name) }, pod.name);
      const parts: Array<Node | string> = pod.node
        ? tNodes('pod {0} on node {1}', podName, h('strong', undefined, pod.node))
        : tNodes('pod {0}', podName);
      const facts = [pod.phase, pod.restarts > 0 ? tn(pod.restarts, '{0} restart|{0} restarts') : undefined].filter(
        (x): x is string => !!x,
      );
      if (facts.length) {
        parts.push(` · ${facts.join(' · ')}`);
      }
      return parts;
    }
    switch (data.podResolution) {
      case 'resolving':
        return [t('Finding the holder’s pod…')];
      case 'found':
        return [t('The holder is not one of the candidate pods found (it may run outside the cluster or on another context).')];
      case 'none':
        return [data.podMessage ?? t('No pod found for this holder.')];
      case 'error':
        return [data.podMessage ?? t('Could not look up the holder’s pod.')];
    }
  }
}
