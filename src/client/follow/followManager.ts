// The followed Leases: starts and stops following on the server, keeps each one's FollowSnapshot
// (merged with every update) for panels and documents, notices holder changes, and follows again
// after the server restarts.
import * as vscode from 'vscode';
import { errorMessage } from '../../shared/errors';
import { Follow } from '../../shared/protocol';
import type { FollowSnapshot, FollowUpdate, LeaseKey } from '../../shared/types';
import type { LeaseServerClient, ServerRun } from '../leaseServerClient';
import { DisposableStore } from '../lifecycle';
import { detectHolderChange, type HolderChange } from './holderChange';
import { mergeFollowUpdate } from '../../core/followMerge';

export interface FollowChange {
  key: LeaseKey;
  snapshot: FollowSnapshot;
  /** The update merged; absent when `snapshot` is a fresh full snapshot (start, restart). */
  update?: FollowUpdate;
}

interface Entry {
  key: LeaseKey;
  snapshot?: FollowSnapshot;
  starting?: Promise<FollowSnapshot>;
  /** Log lines dropped by the host's own buffer. */
  trimmed: number;
}

export class FollowManager implements vscode.Disposable {
  private readonly entries = new Map<LeaseKey, Entry>();
  private readonly disposables = new DisposableStore();
  private readonly changeEmitter = new vscode.EventEmitter<FollowChange>();
  private readonly followedEmitter = new vscode.EventEmitter<LeaseKey[]>();
  private readonly holderEmitter = new vscode.EventEmitter<HolderChange>();
  readonly onDidChange = this.changeEmitter.event;
  /** The set of followed Leases changed; carries all of them. */
  readonly onDidChangeFollowed = this.followedEmitter.event;
  readonly onDidChangeHolder = this.holderEmitter.event;

  constructor(
    private readonly server: LeaseServerClient,
    private readonly output: vscode.LogOutputChannel,
    private readonly bufferLines: () => number,
  ) {
    this.disposables.addAll(
      this.changeEmitter,
      this.followedEmitter,
      this.holderEmitter,
      server.client.onNotification(Follow.update, (update) => this.updated(update)),
    );
  }

  keys(): LeaseKey[] {
    return [...this.entries.keys()];
  }

  isFollowed(key: LeaseKey): boolean {
    return this.entries.has(key);
  }

  /** The latest snapshot of a followed Lease, once following started. */
  snapshot(key: LeaseKey): FollowSnapshot | undefined {
    const entry = this.entries.get(key);
    return entry && this.published(entry);
  }

  /** Follows a Lease (idempotent) and answers its snapshot; throws when the server cannot. */
  async follow(key: LeaseKey): Promise<FollowSnapshot> {
    let entry = this.entries.get(key);
    const held = entry && this.published(entry);
    if (held) {
      return held;
    }
    if (entry?.starting) {
      return entry.starting;
    }
    entry = { key, trimmed: 0 };
    this.entries.set(key, entry);
    this.followedEmitter.fire(this.keys());
    const started = this.start(entry);
    entry.starting = started;
    try {
      return await started;
    } catch (err) {
      if (this.entries.get(key) === entry) {
        this.entries.delete(key);
        this.followedEmitter.fire(this.keys());
      }
      throw err;
    }
  }

  unfollow(key: LeaseKey): void {
    if (!this.entries.delete(key)) {
      return;
    }
    this.server.notify(Follow.stop, { key });
    this.followedEmitter.fire(this.keys());
  }

  /** A new server run: follow everything again; panels get fresh snapshots. */
  startRun(run: ServerRun): void {
    for (const entry of this.entries.values()) {
      if (!entry.snapshot) {
        continue; // a start in flight waits for this run by itself
      }
      run.client.sendRequest(Follow.start, { key: entry.key }, run.token).then(
        (snapshot) => this.received(entry, snapshot),
        (err: unknown) => {
          if (!run.token.isCancellationRequested) {
            this.output.error(`Could not follow ${entry.key} again: ${errorMessage(err)}`);
          }
        },
      );
    }
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private async start(entry: Entry): Promise<FollowSnapshot> {
    const client = await this.server.running();
    const snapshot = await client.sendRequest(Follow.start, { key: entry.key });
    entry.starting = undefined;
    if (this.entries.get(entry.key) !== entry) {
      // Unfollowed while starting.
      this.server.notify(Follow.stop, { key: entry.key });
      return snapshot;
    }
    return this.received(entry, snapshot);
  }

  private received(entry: Entry, snapshot: FollowSnapshot): FollowSnapshot {
    if (this.entries.get(entry.key) !== entry) {
      return snapshot;
    }
    const before = entry.snapshot?.lease;
    const merged = mergeFollowUpdate(snapshot, { key: entry.key }, this.bufferLines());
    entry.snapshot = merged.snapshot;
    entry.trimmed = merged.trimmed;
    const published = this.published(entry) ?? merged.snapshot;
    this.changeEmitter.fire({ key: entry.key, snapshot: published });
    const change = detectHolderChange(before, merged.snapshot.lease);
    if (change) {
      this.holderEmitter.fire(change);
    }
    return published;
  }

  /** The snapshot with the lines this host dropped counted in `droppedLines`. */
  private published(entry: Entry): FollowSnapshot | undefined {
    const snapshot = entry.snapshot;
    if (!snapshot || entry.trimmed === 0) {
      return snapshot;
    }
    return { ...snapshot, droppedLines: snapshot.droppedLines + entry.trimmed };
  }

  private updated(update: FollowUpdate): void {
    const entry = this.entries.get(update.key);
    if (!entry?.snapshot) {
      return; // not followed, or its start snapshot (which includes this) is on its way
    }
    const before = entry.snapshot.lease;
    const merged = mergeFollowUpdate(entry.snapshot, update, this.bufferLines());
    entry.trimmed += merged.trimmed;
    entry.snapshot = merged.snapshot;
    this.changeEmitter.fire({ key: update.key, snapshot: this.published(entry) ?? merged.snapshot, update });
    const change = update.lease ? detectHolderChange(before, update.lease) : undefined;
    if (change) {
      this.holderEmitter.fire(change);
    }
  }
}
