// The thin vscode adapter over the tree model: elements are row ids, rows become TreeItems.
// Expanding a context row watches that context. Refreshes fire for the rows the model names for
// each change of the lease cache or of the view's filter, followed Leases and options, and once
// a second for the countdown rows whose text would change in namespaces that are expanded (only
// while the view is visible).
import * as vscode from 'vscode';
import type { HealthFlag } from '../../shared/health';
import type { LeaseKey } from '../../shared/types';
import type { LeaseSync } from '../leases/leaseSync';
import { DisposableStore, toDisposable } from '../lifecycle';
import { DescriptionClock } from './descriptionClock';
import { parseTreeId } from './treeIds';
import type { LeaseTreeModel, RowIcon, TreeChange, TreeModelOptions, TreeRow } from './treeModel';

const collapsibleStates: Record<TreeRow['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export function themeIcon(icon: RowIcon): vscode.ThemeIcon {
  return new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
}

/** Tooltip markdown from the model: every cluster string in it is escaped; no HTML, no links run. */
export function untrustedMarkdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.supportThemeIcons = false;
  return md;
}

export class LeaseTreeProvider implements vscode.TreeDataProvider<string>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<string | string[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly clock = new DescriptionClock();
  /** How each row was last drawn, so a change that leaves a row looking the same redraws nothing. */
  private readonly drawn = new Map<string, string>();
  /** Namespace rows shown expanded (getChildren was asked for them and they were not collapsed). */
  private readonly expandedNamespaces = new Set<string>();
  private readonly collapsedContexts = new Set<string>();
  private readonly disposables = new DisposableStore();

  constructor(
    readonly model: LeaseTreeModel,
    private readonly sync: LeaseSync,
  ) {
    this.disposables.add(this.emitter);
    this.disposables.add(model.cache.onDidChange((change) => this.changed(model.changed(change))));
  }

  /** Sets the filter text (blank clears it). */
  setFilter(text: string): void {
    this.changed(this.model.setFilter(text));
  }

  setFollowed(keys: Iterable<LeaseKey>): void {
    this.changed(this.model.setFollowed(keys));
  }

  /** Leases' health flags changed (Health.flags): their rows show them. */
  setHealthFlags(changes: Iterable<[LeaseKey, readonly HealthFlag[]]>): void {
    this.changed(this.model.setHealthFlags(changes));
  }

  setOptions(options: Partial<TreeModelOptions>): void {
    this.changed(this.model.setOptions(options));
  }

  getTreeItem(id: string): vscode.TreeItem {
    const row = this.model.row(id, Date.now());
    if (!row) {
      // The row went away between getChildren and getTreeItem; a refresh is on its way.
      return new vscode.TreeItem('…');
    }
    const item = new vscode.TreeItem(row.label, collapsibleStates[row.collapsible]);
    item.id = row.id;
    item.description = row.description;
    item.contextValue = row.contextValue;
    if (row.icon) {
      item.iconPath = themeIcon(row.icon);
    }
    item.accessibilityInformation = { label: row.description ? `${row.label}, ${row.description}` : row.label };
    if (row.action?.kind === 'open-file') {
      item.command = {
        command: 'vscode.open',
        title: vscode.l10n.t('Open the kubeconfig file'),
        arguments: [vscode.Uri.file(row.action.file)],
      };
    } else if (row.action?.kind === 'command') {
      item.command = { command: row.action.command, title: row.label };
    }
    if (row.kind === 'lease') {
      this.clock.drawnWith(id, row.description);
    }
    this.drawn.set(id, this.look(row, Date.now()));
    return item;
  }

  getChildren(id?: string): string[] {
    const parsed = id === undefined ? undefined : parseTreeId(id);
    if (parsed?.kind === 'context') {
      this.collapsedContexts.delete(parsed.context);
      this.sync.ensureWatched(parsed.context);
    } else if (parsed?.kind === 'namespace' && id !== undefined) {
      this.expandedNamespaces.add(id);
    }
    return this.model.children(id);
  }

  getParent(id: string): string | undefined {
    return this.model.parent(id);
  }

  resolveTreeItem(item: vscode.TreeItem, id: string): vscode.TreeItem {
    const text = this.model.tooltip(id, Date.now());
    if (text) {
      item.tooltip = untrustedMarkdown(text);
    }
    return item;
  }

  expanded(id: string): void {
    const parsed = parseTreeId(id);
    if (parsed?.kind === 'namespace') {
      this.expandedNamespaces.add(id);
    } else if (parsed?.kind === 'context') {
      this.collapsedContexts.delete(parsed.context);
    }
  }

  collapsed(id: string): void {
    const parsed = parseTreeId(id);
    if (parsed?.kind === 'namespace') {
      this.expandedNamespaces.delete(id);
    } else if (parsed?.kind === 'context') {
      this.collapsedContexts.add(parsed.context);
    }
  }

  /** Refreshes the countdown rows whose text changed since drawn (called once a second). */
  tick(now: number): void {
    const ids: string[] = [];
    for (const ns of this.expandedNamespaces) {
      const parsed = parseTreeId(ns);
      if (parsed?.kind === 'namespace' && !this.collapsedContexts.has(parsed.context)) {
        ids.push(...this.model.tickingLeaseIds(ns));
      }
    }
    const due = this.clock.due(ids, (id) => this.model.description(id, now));
    if (due.length > 0) {
      this.emitter.fire(due);
    }
  }

  dispose(): void {
    this.disposables.dispose();
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

  private changed(change: TreeChange): void {
    if (!change.all && change.ids.length === 0) {
      return;
    }
    if (change.all) {
      this.clock.clear();
      this.drawn.clear();
      this.emitter.fire(undefined);
      return;
    }
    // A renewal changes a Lease but usually not its row; VS Code drops an open hover on every
    // redraw, so only rows that would look different are redrawn (tooltips are built on hover).
    const now = Date.now();
    // Only lease rows are skipped (their look includes their candidate rows'), while a namespace
    // or context row that looks the same may still have gained or lost children.
    const ids = change.ids.filter((id) => {
      const row = this.model.row(id, now);
      if (!row || row.kind !== 'lease') {
        return true;
      }
      const before = this.drawn.get(id);
      return before === undefined || this.look(row, now) !== before;
    });
    if (ids.length > 0) {
      this.emitter.fire(ids);
    }
  }
}

export function rowLook(row: TreeRow): string {
  return JSON.stringify([row.label, row.description, row.icon, row.contextValue, row.collapsible, row.action]);
}

/** The view over a provider: its clock (ticking while visible), expanded and collapsed rows. */
export function createLeaseTreeView(provider: LeaseTreeProvider, disposables: DisposableStore): vscode.TreeView<string> {
  const view = vscode.window.createTreeView('leaseLens.leases', {
    treeDataProvider: provider,
    showCollapseAll: true,
  });
  disposables.addAll(
    view,
    view.onDidExpandElement((e) => provider.expanded(e.element)),
    view.onDidCollapseElement((e) => provider.collapsed(e.element)),
  );
  let timer: NodeJS.Timeout | undefined;
  const clock = (): void => {
    if (view.visible && !timer) {
      timer = setInterval(() => provider.tick(Date.now()), 1000);
    } else if (!view.visible && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
  disposables.addAll(
    view.onDidChangeVisibility(clock),
    toDisposable(() => {
      if (timer) {
        clearInterval(timer);
      }
    }),
  );
  clock();
  return view;
}

/** Shows the filter as the view's description ("filter: sched"). */
export function showFilter(view: vscode.TreeView<string>, text: string | undefined): void {
  view.description = text ? vscode.l10n.t('filter: {0}', text) : undefined;
}
