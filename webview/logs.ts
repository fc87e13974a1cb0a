// The log list: the buffered lines that pass the filter, newest at the bottom, tagged and colored
// by pod, matches highlighted. At most `domCap` lines are in the DOM (the newest matching ones), DOM
// work is batched per animation frame, and the list follows the tail while scrolled to the bottom.
import type { LeadershipSignal, LogLine } from '../src/shared/types';
import type { CompiledLogFilter } from '../src/core/logFilter';
import { logSeverity } from '../src/core/logLine';
import type { AppendResult, LogStore } from './logStore';
import { custom, h, setText, show } from './dom';
import { count, isoTime, logTime } from './format';
import { podColorClass } from './podColors';
import { shortPodLabels } from './podLabels';
import { t, tn } from '../src/shared/l10n';

/** Most log lines kept in the DOM; older matches stay in the buffer (and in Open in Editor). */
export const domCap = 2000;

/** A leadership line's tag, in the panel's language. */
const signalWords: Readonly<Record<LeadershipSignal, () => string>> = {
  attempting: () => t('attempting'),
  acquired: () => t('acquired'),
  'renew-failed': () => t('renew failed'),
  'lock-update-failed': () => t('lock update failed'),
  'lock-get-failed': () => t('lock get failed'),
  lost: () => t('lost'),
  'new-leader': () => t('new leader'),
  released: () => t('released'),
};

/** Pixels from the bottom that still count as "at the bottom". */
const bottomSlack = 8;

interface Rendered {
  seq: number;
  node: HTMLElement;
}

export class LogView {
  readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private readonly status: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly jump: HTMLElement;
  private readonly jumpLabel: HTMLElement;
  private rendered: Rendered[] = [];
  private matchCount = 0;
  private following = true;
  private unseen = 0;
  private queue: AppendResult[] = [];
  private fullPending = true;
  private frame: number | undefined;
  private labels = new Map<string, string>();
  private knownPods = new Set<string>();
  private emptyText = t('No log lines yet.');

  constructor(
    private readonly store: LogStore,
    private filter: CompiledLogFilter,
  ) {
    this.status = h('div', { class: 'log-status', attrs: { 'aria-live': 'polite' } });
    this.list = h('div', {
      class: 'log-list',
      attrs: { role: 'log', 'aria-live': 'off', tabindex: '0', 'aria-label': t('Controller log lines') },
    });
    this.empty = h('div', { class: 'log-empty' });
    this.jumpLabel = h('span', undefined, t('Jump to newest'));
    this.jump = custom('vscode-button', { class: 'log-jump', attrs: { appearance: 'primary' } }, '↓ ', this.jumpLabel);
    this.jump.addEventListener('click', () => this.jumpToNewest());
    show(this.jump, false);
    this.root = h('div', { class: 'log-view' }, this.status, h('div', { class: 'log-frame' }, this.list, this.empty, this.jump));
    this.list.addEventListener('scroll', () => this.onScroll(), { passive: true });
  }

  /** A new filter: everything is rendered again, and the view goes to the newest line. */
  setFilter(filter: CompiledLogFilter, emptyText: string): void {
    this.filter = filter;
    this.emptyText = emptyText;
    this.following = true;
    this.scheduleFull();
  }

  /** The buffer was replaced (snapshot, limit change). */
  scheduleFull(): void {
    this.fullPending = true;
    this.queue = [];
    this.schedule();
  }

  /** Lines were appended to / dropped from the buffer. */
  scheduleAppend(result: AppendResult): void {
    if (result.added.length === 0 && result.removed.length === 0) {
      return;
    }
    if (!this.fullPending) {
      this.queue.push(result);
    }
    this.schedule();
  }

  /** Pods known from the pods list, for short labels that tell replicas apart. */
  setPods(names: readonly string[]): void {
    let changed = false;
    for (const name of names) {
      if (!this.knownPods.has(name)) {
        this.knownPods.add(name);
        changed = true;
      }
    }
    if (changed) {
      this.labels = shortPodLabels(this.knownPods);
      this.scheduleFull();
    }
  }

  jumpToNewest(): void {
    this.following = true;
    this.unseen = 0;
    this.scrollToBottom();
    this.updateJump();
  }

  private schedule(): void {
    if (this.frame === undefined) {
      this.frame = requestAnimationFrame(() => {
        this.frame = undefined;
        this.render();
      });
    }
  }

  private render(): void {
    const wasFollowing = this.following;
    if (this.fullPending) {
      this.fullPending = false;
      this.queue = [];
      this.renderAll();
    } else {
      const queue = this.queue;
      this.queue = [];
      for (const result of queue) {
        this.renderIncrement(result, wasFollowing);
      }
    }
    this.updateStatus();
    if (wasFollowing) {
      this.scrollToBottom();
    }
    this.updateJump();
  }

  private renderAll(): void {
    const lines = this.store.lines;
    this.noteNewPods(lines);
    const matches: LogLine[] = [];
    let total = 0;
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = lines[i];
      if (this.filter.test(line)) {
        total++;
        if (matches.length < domCap) {
          matches.push(line);
        }
      }
    }
    matches.reverse();
    this.matchCount = total;
    const fragment = document.createDocumentFragment();
    this.rendered = matches.map((line) => {
      const node = this.lineNode(line);
      fragment.appendChild(node);
      return { seq: line.seq, node };
    });
    this.list.replaceChildren(fragment);
    this.unseen = 0;
  }

  private renderIncrement(result: AppendResult, following: boolean): void {
    if (result.removed.length > 0) {
      for (const line of result.removed) {
        if (this.filter.test(line)) {
          this.matchCount--;
        }
      }
      const oldest = result.removed[result.removed.length - 1].seq;
      let cut = 0;
      while (cut < this.rendered.length && this.rendered[cut].seq <= oldest) {
        this.rendered[cut].node.remove();
        cut++;
      }
      if (cut > 0) {
        this.rendered.splice(0, cut);
      }
    }
    if (result.added.length > 0) {
      if (this.noteNewPods(result.added)) {
        // A new pod changes the short labels of the others: render everything once.
        this.renderAll();
        return;
      }
      const fragment = document.createDocumentFragment();
      let added = 0;
      for (const line of result.added) {
        if (this.filter.test(line)) {
          const node = this.lineNode(line);
          fragment.appendChild(node);
          this.rendered.push({ seq: line.seq, node });
          added++;
        }
      }
      this.matchCount += added;
      if (!following) {
        this.unseen += added;
      }
      this.list.appendChild(fragment);
      const excess = this.rendered.length - domCap;
      if (excess > 0) {
        for (let i = 0; i < excess; i++) {
          this.rendered[i].node.remove();
        }
        this.rendered.splice(0, excess);
      }
    }
  }

  /** Records pods seen in lines; true when one was new (labels were recomputed). */
  private noteNewPods(lines: readonly LogLine[]): boolean {
    let changed = false;
    for (const line of lines) {
      if (!this.knownPods.has(line.pod)) {
        this.knownPods.add(line.pod);
        changed = true;
      }
    }
    if (changed) {
      this.labels = shortPodLabels(this.knownPods);
    }
    return changed;
  }

  private lineNode(line: LogLine): HTMLElement {
    const severity = logSeverity(line.text);
    const node = h('div', {
      class: `log-line ${podColorClass(line.pod)}${severity ? ` sev-${severity}` : ''}${line.signal ? ' has-signal' : ''}`,
    });
    node.appendChild(h('span', { class: 'log-time', title: isoTime(line.time) }, logTime(line.time)));
    node.appendChild(
      h(
        'span',
        { class: 'log-pod', title: line.container ? `${line.pod} / ${line.container}` : line.pod },
        this.labels.get(line.pod) ?? line.pod,
      ),
    );
    if (line.signal) {
      node.appendChild(h('span', { class: `log-signal signal-${line.signal}` }, signalWords[line.signal]()));
    }
    node.appendChild(this.textNode(line.text));
    return node;
  }

  /** The line's text with filter matches wrapped in <mark>, built from text nodes only. */
  private textNode(text: string): HTMLElement {
    const span = h('span', { class: 'log-text' });
    const ranges = this.filter.highlight(text);
    let at = 0;
    for (const range of ranges) {
      if (range.start > at) {
        span.appendChild(document.createTextNode(text.slice(at, range.start)));
      }
      span.appendChild(h('mark', undefined, text.slice(range.start, range.end)));
      at = range.end;
    }
    if (at < text.length) {
      span.appendChild(document.createTextNode(text.slice(at)));
    }
    return span;
  }

  private updateStatus(): void {
    const total = this.store.lines.length;
    let text = tn(total, '{1} of {0} line match|{1} of {0} lines match', count(this.matchCount));
    if (this.matchCount > domCap) {
      text += ` · ${t('showing the newest {0} (Open in Editor for all)', count(domCap))}`;
    }
    setText(this.status, text);
    const isEmpty = this.matchCount === 0;
    show(this.empty, isEmpty);
    setText(this.empty, total === 0 ? t('No log lines yet.') : this.emptyText);
  }

  private updateJump(): void {
    show(this.jump, !this.following && this.rendered.length > 0);
    setText(this.jumpLabel, this.unseen > 0 ? t('Jump to newest ({0} new)', count(this.unseen)) : t('Jump to newest'));
  }

  private atBottom(): boolean {
    return this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight <= bottomSlack;
  }

  private scrollToBottom(): void {
    this.list.scrollTop = this.list.scrollHeight;
  }

  private onScroll(): void {
    const following = this.atBottom();
    if (following !== this.following) {
      this.following = following;
      if (following) {
        this.unseen = 0;
      }
      this.updateJump();
    }
  }
}
