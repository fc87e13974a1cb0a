// The thin vscode adapter over the tree model: elements are row ids, rows become TreeItems.
// Expanding a context row watches that context. Refreshes fire for the rows the model names for
// each change of the lease cache or of the view's filter, followed Leases and options, and once
// a second for the countdown rows whose text would change in namespaces that are expanded (only
// while the view is visible); treeRedraws.ts keeps to the rows shown that look different.
import * as vscode from 'vscode';
import type { HealthFlag } from '../../shared/health';
import type { LeaseKey } from '../../shared/types';
import type { LeaseSync } from '../leases/leaseSync';
import { DisposableStore, toDisposable } from '../lifecycle';
import { parseTreeId } from './treeIds';
import type { LeaseTreeModel, RowIcon, TreeChange, TreeModelOptions, TreeRow } from './treeModel';
import { TreeRedraws } from './treeRedraws';

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
  private readonly redraws: TreeRedraws;
  private readonly disposables = new DisposableStore();

  constructor(
    readonly model: LeaseTreeModel,
    private readonly sync: LeaseSync,
  ) {
    this.redraws = new TreeRedraws(model);
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
    this.redraws.drew(row, Date.now());
    return item;
  }

  getChildren(id?: string): string[] {
    const parsed = id === undefined ? undefined : parseTreeId(id);
    if (parsed?.kind === 'context') {
      this.sync.ensureWatched(parsed.context);
    }
    this.redraws.childrenAsked(id);
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
    const due = this.redraws.expanded(id, Date.now());
    if (due.length > 0) {
      this.emitter.fire(due);
    }
  }

  collapsed(id: string): void {
    this.redraws.collapsed(id);
  }

  /** Refreshes the countdown rows whose text changed since drawn (called once a second). */
  tick(now: number): void {
    const due = this.redraws.tick(now);
    if (due.length > 0) {
      this.emitter.fire(due);
    }
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private changed(change: TreeChange): void {
    if (!change.all && change.ids.length === 0) {
      return;
    }
    // A renewal changes a Lease but usually not its row; VS Code drops an open hover on every
    // redraw, so only rows shown that would look different are redrawn (tooltips are built on hover).
    const ids = this.redraws.changed(change, Date.now());
    if (ids === undefined) {
      this.emitter.fire(undefined);
    } else if (ids.length > 0) {
      this.emitter.fire(ids);
    }
  }
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
