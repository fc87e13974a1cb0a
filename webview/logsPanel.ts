// The logs section: filter bar, pause/resume, Open in Editor, the notices (server message, dropped
// lines, lines waiting while paused) and the log list. Owns the log buffer.
import type { Button } from '@vscode/webview-ui-toolkit';
import { settingKeys } from '../src/shared/settings';
import type { LogLine } from '../src/shared/types';
import type { LogFilterState } from '../src/shared/webviewProtocol';
import { compileLogFilter, type CompiledLogFilter } from '../src/core/logFilter';
import { custom, h, setText, show } from './dom';
import { count } from './format';
import { FilterBar, presetLabel } from './filterBar';
import { LogStore } from './logStore';
import { LogView } from './logs';
import { t, tn } from '../src/shared/l10n';

export interface LogsPanelOptions {
  filter: LogFilterState;
  paused: boolean;
  bufferLines: number;
  /** A valid filter was applied. */
  onFilter(filter: LogFilterState): void;
  onPaused(paused: boolean): void;
  onOpenInEditor(filter: LogFilterState): void;
}

export class LogsPanel {
  readonly root: HTMLElement;
  /** Buttons for the section heading. */
  readonly actions: HTMLElement;
  private readonly store: LogStore;
  private readonly view: LogView;
  private readonly filterBar: FilterBar;
  private readonly pause: Button;
  private readonly message: HTMLElement;
  private readonly dropped: HTMLElement;
  private readonly pending: HTMLElement;
  private filter: LogFilterState;
  private serverMessage: string | undefined;

  constructor(private readonly opts: LogsPanelOptions) {
    this.store = new LogStore(opts.bufferLines);
    this.store.paused = opts.paused;
    let compiled = compileLogFilter(opts.filter);
    this.filter = opts.filter;
    if (!compiled.ok) {
      // A persisted filter that no longer compiles: fall back to its preset alone.
      this.filter = { ...opts.filter, text: '' };
      compiled = compileLogFilter(this.filter);
    }
    this.view = new LogView(this.store, compiled.ok ? compiled : passAll);
    this.filterBar = new FilterBar(this.filter, (state) => this.filterChanged(state));

    this.pause = custom<Button>('vscode-button', { class: 'log-pause', attrs: { appearance: 'secondary' } });
    this.pause.addEventListener('click', () => this.setPaused(!this.store.paused));
    const open = custom<Button>(
      'vscode-button',
      {
        class: 'log-open',
        title: t('Open the merged log of all candidate pods in an editor, with this filter'),
        attrs: { appearance: 'secondary' },
      },
      t('Open in Editor'),
    );
    open.addEventListener('click', () => this.opts.onOpenInEditor(this.filter));
    this.actions = h('div', { class: 'log-actions' }, this.pause, open);

    this.message = h('div', { class: 'notice notice-warning log-message', attrs: { role: 'status' } });
    this.dropped = h('div', { class: 'notice log-dropped' });
    this.pending = h('div', { class: 'notice notice-info log-pending', attrs: { role: 'status' } });
    this.root = h('div', { class: 'logs' }, this.filterBar.root, this.message, this.dropped, this.pending, this.view.root);
    this.view.setFilter(compiled.ok ? compiled : passAll, emptyText(this.filter));
    this.renderNotices();
  }

  currentFilter(): LogFilterState {
    return this.filter;
  }

  isPaused(): boolean {
    return this.store.paused;
  }

  snapshot(lines: readonly LogLine[], droppedLines: number, logsMessage: string | undefined): void {
    this.store.reset(lines);
    this.store.serverDropped = droppedLines;
    this.serverMessage = logsMessage;
    this.view.scheduleFull();
    this.renderNotices();
  }

  append(lines: readonly LogLine[]): void {
    this.view.scheduleAppend(this.store.append(lines));
    this.renderNotices();
  }

  setMeta(logsMessage: string | undefined, droppedLines: number): void {
    this.serverMessage = logsMessage;
    this.store.serverDropped = droppedLines;
    this.renderNotices();
  }

  setBufferLines(lines: number): void {
    if (lines !== this.store.bufferLimit) {
      this.store.setLimit(lines);
      this.view.scheduleFull();
      this.renderNotices();
    }
  }

  setPods(names: readonly string[]): void {
    this.view.setPods(names);
  }

  private setPaused(paused: boolean): void {
    this.view.scheduleAppend(this.store.setPaused(paused));
    this.renderNotices();
    this.opts.onPaused(paused);
  }

  private filterChanged(state: LogFilterState): void {
    const compiled = compileLogFilter(state);
    if (!compiled.ok) {
      // The lines stay as they were, under the last filter that worked.
      this.filterBar.setError(compiled.error);
      return;
    }
    this.filterBar.setError(undefined);
    this.filter = state;
    this.view.setFilter(compiled, emptyText(state));
    this.opts.onFilter(state);
  }

  private renderNotices(): void {
    const paused = this.store.paused;
    setText(this.pause, paused ? `▶ ${t('Resume')}` : `❚❚ ${t('Pause')}`);
    this.pause.title = paused
      ? t('Show the lines that arrived while paused, and new ones as they come')
      : t('Stop adding new lines (they are kept and shown on resume)');
    this.pause.setAttribute('aria-pressed', String(paused));

    setText(this.message, this.serverMessage ?? '');
    show(this.message, !!this.serverMessage);

    const dropped = this.store.dropped;
    show(this.dropped, dropped > 0);
    if (dropped > 0) {
      const parts: string[] = [];
      if (this.store.serverDropped > 0) {
        parts.push(t('{0} by the server', count(this.store.serverDropped)));
      }
      if (this.store.panelDropped > 0) {
        parts.push(t('{0} by this panel', count(this.store.panelDropped)));
      }
      setText(
        this.dropped,
        tn(
          dropped,
          '{0} older line was dropped ({1}): the panel keeps the newest {2} (setting {3}).|{0} older lines were dropped ({1}): the panel keeps the newest {2} (setting {3}).',
          parts.join(', '),
          count(this.store.bufferLimit),
          settingKeys.logBufferLines,
        ),
      );
    }

    const waiting = this.store.pending.length;
    show(this.pending, paused);
    setText(
      this.pending,
      waiting > 0
        ? tn(waiting, 'Paused: {0} new line waiting. Resume to show them.|Paused: {0} new lines waiting. Resume to show them.')
        : t('Paused: new lines will wait until you resume.'),
    );
  }
}

const passAll: CompiledLogFilter = { ok: true, test: () => true, highlight: () => [] };

function emptyText(filter: LogFilterState): string {
  if (filter.text) {
    return filter.invert ? t('Every line matches the filter text (inverted: none left).') : t('No lines match the filter.');
  }
  switch (filter.preset) {
    case 'leadership':
      return t('No leadership lines yet (acquiring, renewing or losing the lease). Choose {0} to see every line.', presetLabel('all'));
    case 'errors':
      return t('No errors or warnings. Choose {0} to see every line.', presetLabel('all'));
    case 'all':
      return t('No log lines yet.');
  }
}
