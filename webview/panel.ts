// The Lease panel: lays out the parts, applies the host's snapshots and updates to them, ticks the
// countdown and relative times locally, and keeps the persisted state (key, filter, paused).
import type { HostToWebview, LogFilterState, PanelSettings } from '../src/shared/webviewProtocol';
import { defaultPanelSettings } from '../src/shared/webviewProtocol';
import { parseLeaseKey, type FollowUpdate } from '../src/shared/types';
import { defaultLogFilter } from '../src/core/logFilter';
import type { Clock } from './clock';
import { Countdown } from './countdown';
import { custom, h, replace, section, setText } from './dom';
import { Events } from './events';
import { Facts } from './facts';
import { count } from './format';
import { Header } from './header';
import { History } from './history';
import type { Host } from './host';
import { LogsPanel } from './logsPanel';
import { everything, fromSnapshot, mergeUpdate, type Changes, type PanelData } from './model';
import { setCandidatePods } from './podColors';
import { Pods } from './pods';
import { SplitBrainView } from './splitBrain';
import { refreshRelativeTimes } from './relative';
import { t } from '../src/shared/l10n';
import { ApiPressure } from './apiPressure';
import { TimingSection } from './timing';
import { monitoringButton } from './monitoringButton';
import { LockRecords } from './lockRecords';
import { CandidatesView } from './candidates';

/** Countdown ticks per second; relative times and flapping refresh once a second. */
const tickMs = 250;
const ticksPerSecond = 1000 / tickMs;

export class Panel {
  private readonly header: Header;
  private readonly countdown = new Countdown();
  private readonly facts = new Facts();
  private readonly history = new History();
  private readonly events = new Events();
  private readonly pods = new Pods();
  private readonly splitBrain = new SplitBrainView();
  private readonly timing = new TimingSection();
  private readonly pressure = new ApiPressure();
  private readonly records = new LockRecords();
  private readonly candidates = new CandidatesView();
  private readonly candidatesSection: HTMLElement;
  private readonly candidatesCount: HTMLElement;
  private readonly timingCount: HTMLElement;
  private readonly logs: LogsPanel;
  private readonly historyCount: HTMLElement;
  private readonly eventsCount: HTMLElement;
  private readonly podsCount: HTMLElement;
  private data: PanelData | undefined;
  private settings: PanelSettings = defaultPanelSettings;
  private key: string | undefined;
  private ticks = 0;

  constructor(
    root: HTMLElement,
    private readonly host: Host,
    private readonly clock: Clock,
  ) {
    const persisted = host.persisted();
    this.key = persisted?.key;
    this.header = new Header((text) => host.post({ type: 'copy', text }));
    this.logs = new LogsPanel({
      filter: persisted?.filter ?? defaultLogFilter,
      paused: persisted?.paused === true,
      bufferLines: this.settings.logBufferLines,
      onFilter: () => this.persist(),
      onPaused: () => this.persist(),
      onOpenInEditor: (filter: LogFilterState) => {
        if (this.key) {
          host.post({ type: 'openLogsInEditor', key: this.key, filter });
        }
      },
    });

    const lease = section('lease', t('Lease'));
    lease.body.append(this.countdown.clocks, this.facts.root, this.records.root);
    const candidates = section('candidates', t('Candidates'));
    this.candidatesSection = candidates.root;
    this.candidatesCount = countBadge(candidates.heading);
    candidates.body.append(this.candidates.root);
    this.candidatesSection.hidden = true;
    const history = section('history', t('Leadership history'));
    this.historyCount = countBadge(history.heading);
    history.actions.append(monitoringButton(host, () => this.key));
    history.body.append(this.history.root);
    const events = section('events', t('Events'));
    this.eventsCount = countBadge(events.heading);
    const showEvents = custom(
      'vscode-button',
      { title: t('Show the Events in the Lease Lens view'), attrs: { appearance: 'secondary' } },
      t('Show Events'),
    );
    showEvents.addEventListener('click', () => {
      if (this.key) {
        host.post({ type: 'showEvents', key: this.key });
      }
    });
    events.actions.append(showEvents);
    events.body.append(this.events.root);
    const pods = section('pods', t('Candidate pods'));
    this.podsCount = countBadge(pods.heading);
    pods.body.append(this.pods.root, this.splitBrain.metrics);
    const timing = section('timing', t('Timing'));
    this.timingCount = countBadge(timing.heading);
    timing.body.append(this.timing.root);
    const logs = section('logs', t('Controller logs'));
    logs.actions.append(this.logs.actions);
    logs.body.append(this.logs.root);

    this.countdown.root.append(this.pressure.root);
    replace(
      root,
      this.header.root,
      this.splitBrain.banner,
      h('div', { class: 'hero' }, this.header.holderRoot, this.countdown.root),
      lease.root,
      candidates.root,
      history.root,
      events.root,
      pods.root,
      timing.root,
      logs.root,
    );
    this.tick();
    window.setInterval(() => this.tick(), tickMs);
  }

  handle(message: HostToWebview): void {
    switch (message.type) {
      case 'snapshot': {
        this.clock.sync(message.hostNow);
        this.applySettings(message.settings);
        const snapshot = message.snapshot;
        this.data = fromSnapshot(snapshot);
        this.key = snapshot.key;
        this.logs.snapshot(snapshot.logs, snapshot.droppedLines ?? 0, snapshot.logsMessage);
        this.pressure.reset();
        this.pressure.add(snapshot.logs);
        this.renderTiming();
        this.renderSplitBrain();
        this.render(everything);
        this.persist();
        break;
      }
      case 'update':
        this.clock.sync(message.hostNow);
        this.applyUpdate(message.update);
        break;
      case 'settings':
        this.applySettings(message.settings);
        if (this.data) {
          this.render({ lease: true, events: false, timeline: true, pods: false, logsMeta: false });
        }
        break;
      case 'health':
        if (message.detail && this.key !== undefined && message.detail.row.key !== this.key) {
          break; // another Lease's record
        }
        this.clock.sync(message.hostNow);
        this.history.setHealth(message.detail, this.clock.now(), this.settings);
        setText(this.historyCount, count(this.history.termCount()));
        this.countdown.setUnknownSince(message.detail?.row.unknownSince);
        this.tick();
        break;
    }
  }

  private applyUpdate(update: FollowUpdate): void {
    const data = this.data;
    if (!data || update.key !== data.key) {
      return;
    }
    const changes = mergeUpdate(data, update);
    if (update.logs && update.logs.length > 0) {
      this.logs.append(update.logs);
      this.pressure.add(update.logs);
    }
    if (update.timing !== undefined) {
      this.renderTiming();
    }
    if (update.podMetrics !== undefined || update.splitBrain !== undefined) {
      this.renderSplitBrain();
    }
    this.render(changes);
  }

  private applySettings(settings: PanelSettings): void {
    this.settings = settings;
    this.logs.setBufferLines(settings.logBufferLines);
  }

  private render(changes: Changes): void {
    const data = this.data;
    if (!data) {
      return;
    }
    const now = this.clock.now();
    const lease = data.lease;
    if (changes.pods) {
      setCandidatePods(data.pods.map((p) => p.name));
    }
    if (changes.lease || changes.pods) {
      const where = leaseWhere(data);
      document.title = where.name;
      this.header.render({
        ...where,
        hasLease: lease !== undefined,
        deleted: data.deleted,
        holder: lease?.spec.holderIdentity ?? '',
        pods: data.pods,
        podResolution: data.podResolution,
        podMessage: data.podMessage,
        lease,
      });
    }
    if (changes.lease) {
      this.countdown.set({ lease, deleted: data.deleted, expiringSeconds: this.settings.expiringSeconds });
    }
    if (changes.lease || changes.timeline) {
      this.facts.render(lease, data.timeline.renew, now);
    }
    if (changes.lease) {
      this.records.render(lease, now);
      const coordinated = CandidatesView.applies(lease);
      this.candidatesSection.hidden = !coordinated;
      this.candidates.render(coordinated ? lease : undefined, now);
      setText(this.candidatesCount, coordinated ? count(this.candidates.shown) : '');
    }
    if (changes.timeline || changes.pods || changes.fates) {
      this.history.setFates(data.fates);
      this.history.render(data.timeline.terms, data.pods, now, this.settings);
      setText(this.historyCount, count(this.history.termCount()));
    }
    if (changes.events) {
      this.events.render(data.events, data.eventsMessage, now);
      setText(this.eventsCount, count(data.events.length));
    }
    if (changes.pods) {
      this.pods.render(data.pods, data.podResolution, data.podMessage, lease ?? leaseWhere(data));
      setText(this.podsCount, count(data.pods.length));
      this.logs.setPods(data.pods.map((p) => p.name));
    }
    if (changes.logsMeta) {
      this.logs.setMeta(data.logsMessage, data.droppedLines);
    }
    this.tick();
  }

  private renderSplitBrain(): void {
    this.splitBrain.render(this.data?.splitBrain, this.data?.podMetrics, this.clock.now());
  }

  private renderTiming(): void {
    this.timing.render(this.data?.timing);
    setText(this.timingCount, this.timing.problems > 0 ? count(this.timing.problems) : '');
  }

  private tick(): void {
    const now = this.clock.now();
    const { state, status } = this.countdown.tick(now);
    this.header.setState(state, status);
    if (this.ticks++ % ticksPerSecond === 0) {
      refreshRelativeTimes(document.body, now);
      this.pressure.render(now);
      this.history.refreshFlapping(now, this.settings);
    }
  }

  private persist(): void {
    if (this.key) {
      this.host.persist({ key: this.key, filter: this.logs.currentFilter(), paused: this.logs.isPaused() });
    }
  }
}

function countBadge(heading: HTMLElement): HTMLElement {
  // A span, not vscode-badge: that one's template binds a style="" attribute, which the CSP refuses.
  const badge = h('span', { class: 'count-badge' });
  heading.append(badge);
  return badge;
}

/** Name, namespace and context from the Lease, or from the key when the Lease is gone. */
function leaseWhere(data: PanelData): { name: string; namespace: string; context: string } {
  if (data.lease) {
    return { name: data.lease.name, namespace: data.lease.namespace, context: data.lease.context };
  }
  return parseLeaseKey(data.key) ?? { name: data.key, namespace: '', context: '' };
}
