// Which rows of the Leases view to redraw (fire onDidChangeTreeData for), and when: only rows a
// user can see whose look changed. VS Code drops an open hover on every redraw and every redraw
// costs the extension host and the workbench, so a renewal that leaves its row looking the same
// redraws nothing, and a Lease row under a collapsed namespace or context is not redrawn while
// hidden: it is remembered and redrawn when its namespace shows again, if it looks different then.
// Countdown rows are redrawn once a second when their text changes (tick). No vscode: the
// provider (leaseTreeProvider.ts) fires what this answers, and tests drive it without VS Code.
import { DescriptionClock } from './descriptionClock';
import { parseTreeId, treeId } from './treeIds';
import type { LeaseTreeModel } from './treeModel';
import type { TreeChange, TreeRow } from './treeRow';

export class TreeRedraws {
  private readonly clock = new DescriptionClock();
  /** How each row was last drawn, so a change that leaves a row looking the same redraws nothing. */
  private readonly drawn = new Map<string, string>();
  /** Namespace rows shown expanded (getChildren was asked for them and they were not collapsed). */
  private readonly expandedNamespaces = new Set<string>();
  private readonly collapsedContexts = new Set<string>();
  /** Lease rows that changed while hidden: redrawn when they show again, if they look different. */
  private readonly hidden = new Set<string>();

  constructor(private readonly model: LeaseTreeModel) {}

  /** A row was drawn (getTreeItem) with its look as of `now`. */
  drew(row: TreeRow, now: number): void {
    if (row.kind === 'lease') {
      this.clock.drawnWith(row.id, row.description);
    }
    this.drawn.set(row.id, this.look(row, now));
    this.hidden.delete(row.id);
  }

  /** VS Code asked for a row's children: a context or namespace row shows expanded. */
  childrenAsked(id: string | undefined): void {
    const parsed = id === undefined ? undefined : parseTreeId(id);
    if (parsed?.kind === 'context') {
      this.collapsedContexts.delete(parsed.context);
    } else if (parsed?.kind === 'namespace' && id !== undefined) {
      this.expandedNamespaces.add(id);
    }
  }

  /** A row was expanded: answers the rows under it that changed while hidden and look different now. */
  expanded(id: string, now: number): string[] {
    const parsed = parseTreeId(id);
    if (parsed?.kind === 'namespace') {
      this.expandedNamespaces.add(id);
    } else if (parsed?.kind === 'context') {
      this.collapsedContexts.delete(parsed.context);
    } else {
      return [];
    }
    const due: string[] = [];
    for (const hiddenId of [...this.hidden]) {
      if (this.visible(hiddenId)) {
        this.hidden.delete(hiddenId);
        if (this.looksDifferent(hiddenId, now)) {
          due.push(hiddenId);
        }
      }
    }
    return due;
  }

  collapsed(id: string): void {
    const parsed = parseTreeId(id);
    if (parsed?.kind === 'namespace') {
      this.expandedNamespaces.delete(id);
    } else if (parsed?.kind === 'context') {
      this.collapsedContexts.add(parsed.context);
    }
  }

  /** Whether a Lease (or candidate) row shows: its namespace expanded, its context not collapsed. Other rows: true. */
  visible(id: string): boolean {
    const parsed = parseTreeId(id);
    if (parsed?.kind !== 'lease' && parsed?.kind !== 'candidate') {
      return true;
    }
    return this.expandedNamespaces.has(treeId.namespace(parsed.context, parsed.namespace)) && !this.collapsedContexts.has(parsed.context);
  }

  /**
   * The rows to redraw for a change: undefined for every row, else the ids (maybe none). Lease rows
   * are redrawn only when they show and would look different; namespace and context rows always,
   * since they may have gained or lost children while looking the same.
   */
  changed(change: TreeChange, now: number): string[] | undefined {
    if (change.all) {
      this.clock.clear();
      this.drawn.clear();
      this.hidden.clear();
      return undefined;
    }
    const ids: string[] = [];
    for (const id of change.ids) {
      const parsed = parseTreeId(id);
      if (parsed?.kind !== 'lease') {
        ids.push(id);
      } else if (!this.visible(id)) {
        if (this.drawn.has(id)) {
          this.hidden.add(id);
        }
      } else if (this.looksDifferent(id, now)) {
        ids.push(id);
      }
    }
    return ids;
  }

  /** Countdown rows in shown namespaces whose text changed since drawn (called once a second). */
  tick(now: number): string[] {
    const ids: string[] = [];
    for (const ns of this.expandedNamespaces) {
      const parsed = parseTreeId(ns);
      if (parsed?.kind === 'namespace' && !this.collapsedContexts.has(parsed.context)) {
        ids.push(...this.model.tickingLeaseIds(ns));
      }
    }
    return this.clock.due(ids, (id) => this.model.description(id, now));
  }

  private looksDifferent(id: string, now: number): boolean {
    const row = this.model.row(id, now);
    if (!row) {
      return true;
    }
    const before = this.drawn.get(id);
    return before === undefined || this.look(row, now) !== before;
  }

  /** How a row looks, with its children's looks for a Lease with candidate rows. */
  private look(row: TreeRow, now: number): string {
    const own = rowLook(row);
    if (row.kind !== 'lease' || row.collapsible === 'none') {
      return own;
    }
    const children = this.model.children(row.id).map((id) => {
      const child = this.model.row(id, now);
      return child ? rowLook(child) : '';
    });
    return `${own}\n${children.join('\n')}`;
  }
}

/** What is drawn of a row (its tooltip is built on hover, resolveTreeItem). */
export function rowLook(row: TreeRow): string {
  return JSON.stringify([row.label, row.description, row.icon, row.contextValue, row.collapsible, row.action]);
}
