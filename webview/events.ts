// The Lease's Events as a data grid (time, type, reason, source, message), newest first, replaced
// whenever the host sends the list; eventsMessage (e.g. forbidden) shown above it.
import type { DataGrid } from '@vscode/webview-ui-toolkit';
import type { LeaseEvent } from '../src/shared/types';
import { custom, h, replace, setText, show, type Child } from './dom';
import { clockTime, count, isoTime } from './format';
import { relativeSpan } from './relative';
import { t, tn } from '../src/shared/l10n';

/** The column headings, in the panel's language. */
function columns(): string[] {
  return [t('Time'), t('Type'), t('Reason'), t('Source'), t('Message')];
}

export class Events {
  readonly root: HTMLElement;
  private readonly message: HTMLElement;
  private readonly grid: DataGrid;
  private readonly empty: HTMLElement;

  constructor() {
    this.message = h('div', { class: 'notice notice-warning', attrs: { role: 'status' } });
    show(this.message, false);
    this.grid = custom<DataGrid>('vscode-data-grid', {
      class: 'events-grid',
      attrs: {
        'generate-header': 'none',
        'grid-template-columns': 'minmax(185px, 1.3fr) 90px minmax(125px, 1fr) minmax(160px, 1.1fr) minmax(260px, 4fr)',
        'aria-label': t('Events recorded on the Lease'),
      },
    });
    this.empty = h(
      'p',
      { class: 'muted' },
      t(
        'No Events recorded on this Lease. Controllers record LeaderElection events only when they are set up to; the history above does not depend on them.',
      ),
    );
    // Narrow panels scroll the grid sideways rather than squeezing the message to nothing.
    this.root = h('div', { class: 'events' }, this.message, h('div', { class: 'wide-scroll' }, this.grid), this.empty);
  }

  render(events: readonly LeaseEvent[], eventsMessage: string | undefined, now: number): void {
    setText(this.message, eventsMessage ?? '');
    show(this.message, !!eventsMessage);
    const sorted = [...events].sort((a, b) => b.time - a.time);
    const header = custom(
      'vscode-data-grid-row',
      { attrs: { 'row-type': 'sticky-header' } },
      ...columns().map((name, i) => cell(i + 1, [name], 'columnheader')),
    );
    replace(this.grid, header, ...sorted.map((event) => this.row(event, now)));
    show(this.grid, sorted.length > 0);
    show(this.empty, sorted.length === 0 && !eventsMessage);
  }

  private row(event: LeaseEvent, now: number): HTMLElement {
    const warning = event.type === 'Warning';
    return custom(
      'vscode-data-grid-row',
      { class: warning ? 'event warning' : 'event', attrs: { 'data-uid': event.uid } },
      cell(1, [
        h('span', { title: isoTime(event.time) }, clockTime(event.time, now)),
        ' ',
        h('span', { class: 'muted' }, '(', relativeSpan(event.time, now), ')'),
      ]),
      cell(2, [h('span', { class: warning ? 'event-type warning' : 'event-type' }, event.type)]),
      cell(3, [
        event.reason,
        event.count > 1
          ? h('span', { class: 'muted', title: tn(event.count, 'Seen {0} time|Seen {0} times') }, ` ×${count(event.count)}`)
          : null,
      ]),
      cell(4, [event.source]),
      cell(5, [h('span', { class: 'event-message' }, event.message)]),
    );
  }
}

function cell(column: number, content: Child[], type?: 'columnheader'): HTMLElement {
  return custom('vscode-data-grid-cell', { attrs: { 'grid-column': String(column), 'cell-type': type } }, ...content);
}
