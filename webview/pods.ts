// The candidate pods whose logs are merged below: the holder's pod marked, each with its color,
// node, phase and restarts; and how resolving them went (resolving / none found / error), with
// what to do about it.
import type { PodRef, PodResolution } from '../src/shared/types';
import { custom, h, replace, setText, show } from './dom';
import { tNodes } from './l10n';
import { podColorClass } from './podColors';
import { t, tn } from '../src/shared/l10n';

export class Pods {
  readonly root: HTMLElement;
  private readonly state: HTMLElement;
  private readonly list: HTMLElement;

  constructor() {
    this.state = h('div', { class: 'pods-state' });
    this.list = h('ul', { class: 'pods-list' });
    this.root = h('div', { class: 'pods' }, this.state, this.list);
  }

  render(
    pods: readonly PodRef[],
    resolution: PodResolution,
    message: string | undefined,
    lease: { namespace: string; name: string } | undefined,
  ): void {
    const sorted = [...pods].sort((a, b) => Number(b.holder) - Number(a.holder) || a.name.localeCompare(b.name));
    replace(this.list, ...sorted.map((pod) => podItem(pod)));
    show(this.list, sorted.length > 0);
    const selectorKey = lease ? `${lease.namespace}/${lease.name}` : 'namespace/name';
    switch (resolution) {
      case 'resolving':
        this.state.className = 'pods-state resolving';
        replace(
          this.state,
          custom('vscode-progress-ring', { class: 'inline-ring' }),
          h('span', undefined, message ?? t('Finding the candidate pods…')),
        );
        break;
      case 'none':
        this.state.className = 'pods-state notice notice-warning';
        replace(
          this.state,
          h('strong', undefined, t('No pods found.')),
          ' ',
          message ?? t('No pod matches the holder identity.'),
          h('br'),
          ...tNodes(
            'If the candidates run in this cluster under another name, set {0} to a label selector for them, e.g. {1}. Holders outside the cluster have no logs to show.',
            h('code', undefined, 'leaseLens.podSelectors'),
            h('code', undefined, `"${selectorKey}": "app=my-controller"`),
          ),
        );
        break;
      case 'error':
        this.state.className = 'pods-state notice notice-error';
        replace(this.state, h('strong', undefined, t('Could not list the pods.')), ' ', message ?? '');
        break;
      case 'found':
        this.state.className = 'pods-state';
        setText(this.state, message ?? '');
        break;
    }
    show(this.state, resolution !== 'found' || !!message);
  }
}

function podItem(pod: PodRef): HTMLElement {
  const facts: string[] = [];
  if (pod.node) {
    facts.push(t('node {0}', pod.node));
  }
  if (pod.phase) {
    facts.push(pod.phase);
  }
  facts.push(tn(pod.restarts, '{0} restart|{0} restarts'));
  if (pod.containers.length > 1) {
    facts.push(t('containers {0}', pod.containers.join(', ')));
  }
  return h(
    'li',
    { class: `pod ${podColorClass(pod.name)}${pod.holder ? ' is-holder' : ''}`, attrs: { 'data-pod': pod.name } },
    h('span', { class: 'pod-swatch', attrs: { 'aria-hidden': 'true' } }),
    h('span', { class: 'pod-name' }, pod.name),
    pod.holder ? h('span', { class: 'holder-tag' }, t('holder')) : null,
    h('span', { class: `pod-facts${pod.restarts > 0 ? ' restarted' : ''}` }, facts.join(' · ')),
  );
}
