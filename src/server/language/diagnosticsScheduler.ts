// Publishes a document's diagnostics a short while after it changes, at most once per delay:
// a live log document that changes several times a second is checked a few times a second, not
// on every change, and never starved by a steady stream of changes.
import type { Disposable } from 'vscode-languageserver';

export class DiagnosticsScheduler implements Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly delayMs: number,
    private readonly publish: (uri: string) => void,
  ) {}

  schedule(uri: string): void {
    if (this.timers.has(uri)) {
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(uri);
      this.publish(uri);
    }, this.delayMs);
    this.timers.set(uri, timer);
  }

  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer !== undefined) {
      clearTimeout(timer);
      this.timers.delete(uri);
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) {
      clearTimeout(timer);
    }
    this.timers.clear();
  }
}
