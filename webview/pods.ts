// The candidate pods whose logs are merged below: the holder's pod marked, each with its color,
// node, phase and restarts; and how resolving them went (resolving / none found / error), with
// what to do about it.
import type { PodRef, PodResolution } from '../src/shared/types';
import { custom, h, replace, setText, show } from './dom';
import { plural } from './format';
import { podColorClass } from './podColors';

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
          h('span', undefined, message ?? 'Finding the candidate pods…'),
        );
        break;
      case 'none':
        this.state.className = 'pods-state notice notice-warning';
        replace(
          this.state,
          h('strong', undefined, 'No pods found. '),
          message ?? 'No pod matches the holder identity.',
          h('br'),
          'If the candidates run in this cluster under another name, set ',
          h('code', undefined, 'leaseLens.podSelectors'),
          ' to a label selector for them, e.g. ',
          h('code', undefined, `"${selectorKey}": "app=my-controller"`),
          '. Holders outside the cluster have no logs to show.',
        );
        break;
      case 'error':
        this.state.className = 'pods-state notice notice-error';
        replace(this.state, h('strong', undefined, 'Could not list the pods. '), message ?? '');
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
    facts.push(`node ${pod.node}`);
  }
  if (pod.phase) {
    facts.push(pod.phase);
  }
  facts.push(plural(pod.restarts, 'restart'));
  if (pod.containers.length > 1) {
    facts.push(`containers ${pod.containers.join(', ')}`);
  }
  return h(
    'li',
    { class: `pod ${podColorClass(pod.name)}${pod.holder ? ' is-holder' : ''}`, attrs: { 'data-pod': pod.name } },
    h('span', { class: 'pod-swatch', attrs: { 'aria-hidden': 'true' } }),
    h('span', { class: 'pod-name' }, pod.name),
    pod.holder ? h('span', { class: 'holder-tag' }, 'holder') : null,
    h('span', { class: `pod-facts${pod.restarts > 0 ? ' restarted' : ''}` }, facts.join(' · ')),
  );
}
