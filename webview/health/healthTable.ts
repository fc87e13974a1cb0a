// The Health table, virtualised: every row has the same height, a spacer as tall as all rows gives
// the scrollbar its range, and only the rows in view (plus a few above and below) exist in the DOM.
// The row elements are a pool, reused as the view scrolls: a scroll event redraws them at once, so
// the frame that follows it shows the right rows (no stutter at 10,000 Leases). Positions and the
// spacer's height are set through the CSSOM (element.style), which the page's style-src does not
// govern; there are no style attributes in markup.
//
// ARIA: a grid; the header cells are column headers with aria-sort (buttons sort); the scrolling
// body holds focus and points at the selected row with aria-activedescendant. Up/Down/PageUp/
// PageDown/Home/End move the selection, Enter follows; a click selects, a click on the Lease's name
// or a double click follows.
import { t } from '../../src/shared/l10n';
import { h, setAttr, setClass } from '../dom';
import { columns, type CellContext } from './columns';
import type { ColumnId, SortOrder } from './sortFilter';
import type { ViewRow } from './viewRow';

/** Height of a row in CSS pixels (health.css uses the same for .hrow). */
export const rowHeight = 26;
/** Rows drawn beyond each edge of the view. */
export const overscan = 6;

export interface TableCallbacks {
  onSort(column: ColumnId): void;
  onSelect(key: string): void;
  onFollow(key: string): void;
}

interface PooledRow {
  el: HTMLElement;
  cells: HTMLElement[];
  shown?: ViewRow;
}

export class HealthTable {
  readonly root: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rowsEl: HTMLElement;
  private readonly headers = new Map<ColumnId, HTMLElement>();
  private readonly pool: PooledRow[] = [];
  private rows: ViewRow[] = [];
  private selected: string | undefined;
  private first = -1;
  private context: CellContext;

  constructor(
    private readonly callbacks: TableCallbacks,
    context: CellContext,
  ) {
    this.context = context;
    const head = h('div', { class: 'hrow head', attrs: { role: 'row', 'aria-rowindex': '1' } });
    for (const column of columns) {
      const button = h('button', { class: 'sort-button', title: column.title?.(), attrs: { type: 'button' } }, column.label());
      button.addEventListener('click', () => callbacks.onSort(column.id));
      const header = h(
        'div',
        { class: `hcell col-${column.id}${column.numeric ? ' num' : ''}`, attrs: { role: 'columnheader', 'data-column': column.id } },
        button,
      );
      this.headers.set(column.id, header);
      head.append(header);
    }
    this.rowsEl = h('div', { class: 'hrows', attrs: { role: 'presentation' } });
    this.spacer = h('div', { class: 'hspacer', attrs: { role: 'presentation' } }, this.rowsEl);
    this.viewport = h('div', { class: 'hviewport', attrs: { role: 'rowgroup', tabindex: '0', 'aria-label': t('Leases') } }, this.spacer);
    this.root = h(
      'div',
      {
        class: 'htable',
        attrs: { role: 'grid', 'aria-label': t('Leadership health of every Lease'), 'aria-colcount': String(columns.length) },
      },
      h('div', { class: 'hhead', attrs: { role: 'rowgroup' } }, head),
      this.viewport,
    );
    this.viewport.addEventListener('scroll', () => this.draw());
    this.viewport.addEventListener('keydown', (event) => this.onKey(event));
    this.rowsEl.addEventListener('click', (event) => {
      const key = this.keyOf(event.target);
      if (key !== undefined) {
        this.viewport.focus({ preventScroll: true });
        callbacks.onSelect(key);
        if (event.target instanceof Element && event.target.closest('.follow-link') !== null) {
          callbacks.onFollow(key);
        }
      }
    });
    this.rowsEl.addEventListener('dblclick', (event) => {
      const key = this.keyOf(event.target);
      if (key !== undefined) {
        callbacks.onFollow(key);
      }
    });
    window.addEventListener('resize', () => this.draw(true));
  }

  /** The rows to show, in order (already filtered and sorted). */
  setRows(rows: ViewRow[]): void {
    this.rows = rows;
    this.root.setAttribute('aria-rowcount', String(rows.length + 1));
    this.spacer.style.height = `${rows.length * rowHeight}px`;
    this.draw(true);
  }

  setSort(order: SortOrder): void {
    for (const [id, header] of this.headers) {
      setAttr(header, 'aria-sort', id === order.column ? (order.descending ? 'descending' : 'ascending') : 'none');
    }
  }

  setSelected(key: string | undefined): void {
    this.selected = key;
    for (const pooled of this.pool) {
      this.markSelected(pooled);
    }
    const index = this.selectedIndex();
    setAttr(this.viewport, 'aria-activedescendant', index >= 0 && this.isDrawn(index) ? rowId(index) : undefined);
  }

  setContext(context: CellContext): void {
    this.context = context;
  }

  /** Redraws the cells that change with time (every second). */
  tick(context: CellContext): void {
    this.context = context;
    for (const pooled of this.pool) {
      if (pooled.shown) {
        this.fill(pooled, pooled.shown, true);
      }
    }
  }

  /** Scrolls so that the row is in view. */
  reveal(key: string): void {
    const index = this.rows.findIndex((row) => row.key === key);
    if (index >= 0) {
      this.revealIndex(index);
    }
  }

  /** Draws the rows in view. `force`: even when the first row did not change. */
  private draw(force = false): void {
    const height = this.viewport.clientHeight || rowHeight * 20;
    const top = this.viewport.scrollTop;
    const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
    const count = Math.min(this.rows.length - first, Math.ceil(height / rowHeight) + 2 * overscan + 1);
    if (!force && first === this.first && this.pool.filter((p) => !p.el.hidden).length === Math.max(0, count)) {
      return;
    }
    this.first = first;
    while (this.pool.length < count) {
      this.pool.push(this.makeRow());
    }
    this.rowsEl.style.transform = `translateY(${first * rowHeight}px)`;
    this.pool.forEach((pooled, i) => {
      const index = first + i;
      const row = i < count ? this.rows[index] : undefined;
      if (!row) {
        // A hidden row names no Lease: a click, a test or a screen reader never finds its old key.
        pooled.el.hidden = true;
        pooled.shown = undefined;
        delete pooled.el.dataset.key;
        return;
      }
      pooled.el.hidden = false;
      pooled.el.id = rowId(index);
      pooled.el.setAttribute('aria-rowindex', String(index + 2));
      if (pooled.shown !== row) {
        pooled.el.dataset.key = row.key;
        setClass(pooled.el, 'flagged', row.row.flags.length > 0);
        this.fill(pooled, row, false);
        pooled.shown = row;
      }
      this.markSelected(pooled);
    });
    const selectedIndex = this.selectedIndex();
    setAttr(this.viewport, 'aria-activedescendant', selectedIndex >= 0 && this.isDrawn(selectedIndex) ? rowId(selectedIndex) : undefined);
  }

  private makeRow(): PooledRow {
    const cells = columns.map((column) =>
      h('div', { class: `hcell col-${column.id}${column.numeric ? ' num' : ''}`, attrs: { role: 'gridcell' } }),
    );
    const el = h('div', { class: 'hrow', attrs: { role: 'row', 'aria-selected': 'false' } }, ...cells);
    this.rowsEl.append(el);
    return { el, cells };
  }

  private fill(pooled: PooledRow, row: ViewRow, liveOnly: boolean): void {
    columns.forEach((column, i) => {
      if (!liveOnly || column.live) {
        column.fill(pooled.cells[i], row, this.context);
      }
    });
  }

  private markSelected(pooled: PooledRow): void {
    const selected = pooled.shown !== undefined && pooled.shown.key === this.selected;
    setClass(pooled.el, 'selected', selected);
    const value = selected ? 'true' : 'false';
    if (pooled.el.getAttribute('aria-selected') !== value) {
      pooled.el.setAttribute('aria-selected', value);
    }
  }

  private keyOf(target: EventTarget | null): string | undefined {
    const row = target instanceof Element ? target.closest<HTMLElement>('.hrow[data-key]') : null;
    return row?.dataset.key;
  }

  private selectedIndex(): number {
    return this.selected === undefined ? -1 : this.rows.findIndex((row) => row.key === this.selected);
  }

  private isDrawn(index: number): boolean {
    return this.pool.some((pooled) => !pooled.el.hidden && pooled.el.id === rowId(index));
  }

  private revealIndex(index: number): void {
    const top = index * rowHeight;
    const height = this.viewport.clientHeight;
    if (top < this.viewport.scrollTop) {
      this.viewport.scrollTop = top;
    } else if (top + rowHeight > this.viewport.scrollTop + height) {
      this.viewport.scrollTop = top + rowHeight - height;
    }
    this.draw();
  }

  private onKey(event: KeyboardEvent): void {
    if (this.rows.length === 0) {
      return;
    }
    const current = this.selectedIndex();
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / rowHeight) - 1);
    let next: number | undefined;
    switch (event.key) {
      case 'ArrowDown':
        next = current < 0 ? 0 : current + 1;
        break;
      case 'ArrowUp':
        next = current < 0 ? 0 : current - 1;
        break;
      case 'PageDown':
        next = current + page;
        break;
      case 'PageUp':
        next = current - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = this.rows.length - 1;
        break;
      case 'Enter':
        if (current >= 0) {
          event.preventDefault();
          this.callbacks.onFollow(this.rows[current].key);
        }
        return;
      default:
        return;
    }
    event.preventDefault();
    const index = Math.max(0, Math.min(this.rows.length - 1, next));
    this.revealIndex(index);
    this.callbacks.onSelect(this.rows[index].key);
  }
}

function rowId(index: number): string {
  return `hrow-${index}`;
}
