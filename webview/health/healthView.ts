// The Leadership Health view: the contexts above, a toolbar (filter, flagged only, count), the
// virtualised table of every Lease, and the selected Lease's detail with its charts. Applies the
// host's messages, ticks the live cells once a second from the host-corrected clock, and keeps
// sort, filter and selection with vscode.setState.
import type { HealthDetail } from '../../src/shared/health';
import type { HealthViewContext, HealthViewState, HostToHealthView } from '../../src/shared/healthViewProtocol';
import { maxHealthFilterLength } from '../../src/shared/healthViewMessages';
import { defaultPanelSettings } from '../../src/shared/webviewProtocol';
import { formatNumber, t } from '../../src/shared/l10n';
import { Clock } from '../clock';
import { h, replace, setText } from '../dom';
import type { FlapRule } from '../flagBadges';
import { ContextsBar } from './contextsBar';
import { DetailPane } from './detailPane';
import { HealthTable } from './healthTable';
import type { HealthHost } from './host';
import { isColumnId, sortAndFilter, type ColumnId, type RowFilter, type SortOrder } from './sortFilter';
import { toViewRow, type ViewRow } from './viewRow';

/** Charts of an open term grow to now: redrawn this often (ms). */
const chartRefreshMs = 10_000;

export class HealthView {
  private readonly rows = new Map<string, ViewRow>();
  private shown: ViewRow[] = [];
  private readonly contexts = new ContextsBar();
  private readonly table: HealthTable;
  private readonly detail: DetailPane;
  private readonly filterInput: HTMLInputElement;
  private readonly flaggedInput: HTMLInputElement;
  private readonly countText: HTMLElement;
  private readonly empty: HTMLElement;
  private order: SortOrder = { column: 'flags', descending: false };
  private filter: RowFilter = { text: '', flaggedOnly: false };
  private selected: string | undefined;
  private selectedDetail: HealthDetail | null | undefined;
  /** A Lease the host asked to show, scrolled to when its row is drawn. */
  private pendingReveal: string | undefined;
  private rule: FlapRule = { flapChanges: defaultPanelSettings.flapChanges, flapWindowMinutes: defaultPanelSettings.flapWindowMinutes };
  private received = false;
  private refreshQueued = false;
  private lastChartDraw = 0;

  constructor(
    root: HTMLElement,
    private readonly host: HealthHost,
    private readonly clock = new Clock(),
  ) {
    const state = host.persisted();
    if (state) {
      this.restore(state);
    }
    this.table = new HealthTable(
      {
        onSort: (column) => this.sortBy(column),
        onSelect: (key) => this.select(key),
        onFollow: (key) => host.post({ type: 'follow', key }),
      },
      { now: clock.now(), rule: this.rule },
    );
    this.detail = new DetailPane({
      onFollow: () => this.selected !== undefined && host.post({ type: 'follow', key: this.selected }),
      onCopyIncident: () => this.selected !== undefined && host.post({ type: 'copyIncident', key: this.selected }),
    });

    this.filterInput = h('input', {
      class: 'filter-input',
      attrs: {
        type: 'search',
        placeholder: t('Filter by context, namespace, name or holder'),
        'aria-label': t('Filter Leases'),
        maxlength: String(maxHealthFilterLength),
        spellcheck: 'false',
      },
    });
    this.filterInput.value = this.filter.text;
    this.filterInput.addEventListener('input', () => {
      this.filter = { ...this.filter, text: this.filterInput.value.slice(0, maxHealthFilterLength) };
      this.refresh();
      this.persist();
    });
    this.flaggedInput = h('input', { class: 'flagged-only', attrs: { type: 'checkbox', id: 'flagged-only' } });
    this.flaggedInput.checked = this.filter.flaggedOnly;
    this.flaggedInput.addEventListener('change', () => {
      this.filter = { ...this.filter, flaggedOnly: this.flaggedInput.checked };
      this.refresh();
      this.persist();
    });
    this.countText = h('span', { class: 'row-count muted', attrs: { role: 'status' } });
    this.empty = h('p', { class: 'muted table-empty' });
    const toolbar = h(
      'div',
      { class: 'toolbar' },
      this.filterInput,
      h('label', { class: 'flagged-label', attrs: { for: 'flagged-only' } }, this.flaggedInput, t('Flagged only')),
      this.countText,
    );
    replace(
      root,
      h('h1', { class: 'view-title' }, t('Leadership Health')),
      this.contexts.root,
      toolbar,
      this.table.root,
      this.empty,
      this.detail.root,
    );
    this.table.setSort(this.order);
    this.table.setSelected(this.selected);
    this.refresh();
    window.setInterval(() => this.tick(), 1000);
  }

  /** After `ready`: ask for the restored selection's detail. */
  start(): void {
    this.host.post({ type: 'ready' });
    if (this.selected !== undefined) {
      this.host.post({ type: 'select', key: this.selected });
    }
  }

  handle(message: HostToHealthView): void {
    switch (message.type) {
      case 'rows': {
        this.clock.sync(message.hostNow);
        if (message.reset) {
          this.rows.clear();
        }
        for (const key of message.removed) {
          this.rows.delete(key);
        }
        for (const row of message.rows) {
          this.rows.set(row.key, toViewRow(row));
        }
        this.received = true;
        this.queueRefresh();
        break;
      }
      case 'contexts':
        this.contexts.set(message.contexts as HealthViewContext[], this.clock.now());
        break;
      case 'detail':
        this.clock.sync(message.hostNow);
        if (message.key === this.selected) {
          this.selectedDetail = message.detail;
          this.drawDetail();
        }
        break;
      case 'select':
        // The host asks to show this Lease: select it, and scroll to it once the rows are drawn.
        this.select(message.key);
        this.pendingReveal = message.key;
        this.queueRefresh();
        break;
      case 'settings':
        this.rule = { flapChanges: message.settings.flapChanges, flapWindowMinutes: message.settings.flapWindowMinutes };
        this.table.setContext({ now: this.clock.now(), rule: this.rule });
        this.refresh();
        break;
    }
  }

  private restore(state: HealthViewState): void {
    if (isColumnId(state.sortColumn)) {
      this.order = { column: state.sortColumn, descending: state.sortDescending === true };
    }
    this.filter = { text: state.filter ?? '', flaggedOnly: state.flaggedOnly === true };
    this.selected = state.selected;
  }

  private sortBy(column: ColumnId): void {
    this.order = { column, descending: this.order.column === column ? !this.order.descending : false };
    this.table.setSort(this.order);
    this.refresh();
    this.persist();
  }

  private select(key: string): void {
    if (key === this.selected) {
      return;
    }
    this.selected = key;
    this.selectedDetail = undefined;
    this.table.setSelected(key);
    this.host.post({ type: 'select', key });
    this.drawDetail();
    this.persist();
  }

  private queueRefresh(): void {
    if (!this.refreshQueued) {
      this.refreshQueued = true;
      // Coalesces a burst of row messages into one sort (a timer, not a frame: hidden views get no frames).
      window.setTimeout(() => {
        this.refreshQueued = false;
        this.refresh();
      }, 0);
    }
  }

  private refresh(): void {
    const now = this.clock.now();
    this.shown = sortAndFilter(this.rows.values(), this.filter, this.order, now);
    this.table.setContext({ now, rule: this.rule });
    this.table.setRows(this.shown);
    this.table.setSelected(this.selected);
    if (this.pendingReveal !== undefined && this.shown.some((row) => row.key === this.pendingReveal)) {
      this.table.reveal(this.pendingReveal);
      this.pendingReveal = undefined;
    }
    setText(this.countText, t('{0} of {1} Leases', formatNumber(this.shown.length), formatNumber(this.rows.size)));
    const emptyText = !this.received
      ? t('Waiting for the Lease server…')
      : this.rows.size === 0
        ? t('No Leases yet: connect a context in the Lease Lens view, or name contexts in leaseLens.startupContexts.')
        : this.shown.length === 0
          ? t('No Lease matches the filter.')
          : '';
    setText(this.empty, emptyText);
    this.empty.hidden = emptyText === '';
    if (this.selected !== undefined) {
      this.drawDetail();
    }
  }

  private drawDetail(): void {
    const now = this.clock.now();
    this.lastChartDraw = now;
    if (this.selected === undefined) {
      this.detail.clear();
      return;
    }
    this.detail.show(this.rows.get(this.selected), this.selected, this.selectedDetail, now, this.rule);
  }

  private tick(): void {
    const now = this.clock.now();
    this.table.tick({ now, rule: this.rule });
    this.contexts.render(now);
    if (this.selectedDetail && now - this.lastChartDraw >= chartRefreshMs) {
      this.drawDetail();
    }
  }

  private persist(): void {
    const state: HealthViewState = {
      sortColumn: this.order.column,
      sortDescending: this.order.descending,
      filter: this.filter.text,
      flaggedOnly: this.filter.flaggedOnly,
    };
    if (this.selected !== undefined) {
      state.selected = this.selected;
    }
    this.host.persist(state);
  }
}
