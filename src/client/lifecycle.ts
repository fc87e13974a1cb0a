// Lifetimes in src/client: a DisposableStore holds what one owner created (subscriptions, emitters,
// items) and disposes all of it once, newest first, going on past a dispose that throws; an
// Emitter is a synchronous event source whose listeners are disposables. No vscode, so that the
// lease cache can use them in plain Node; vscode.Disposable and vscode.Event fit these shapes.

export interface DisposableLike {
  dispose(): void;
}

export function toDisposable(dispose: () => void): DisposableLike {
  let done = false;
  return {
    dispose: () => {
      if (!done) {
        done = true;
        dispose();
      }
    },
  };
}

export class DisposableStore implements DisposableLike {
  private items: DisposableLike[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Keeps `item` until the store is disposed; disposed at once when the store already is. */
  add<T extends DisposableLike>(item: T): T {
    if (this.disposed) {
      disposeAll([item]);
    } else {
      this.items.push(item);
    }
    return item;
  }

  addAll(...items: DisposableLike[]): void {
    for (const item of items) {
      this.add(item);
    }
  }

  /** Disposes everything held, newest first, once; then rethrows the first error, if any. */
  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    disposeAll(this.items.splice(0).reverse());
  }
}

/** Disposes each item in turn whatever the others do; then throws the first error, if any. */
export function disposeAll(items: Iterable<DisposableLike>): void {
  callEach(items, (item) => item.dispose(), 'disposables failed to dispose');
}

function callEach<T>(items: Iterable<T>, call: (item: T) => void, what: string): void {
  const errors: unknown[] = [];
  for (const item of items) {
    try {
      call(item);
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length === 1) {
    throw errors[0];
  }
  if (errors.length > 1) {
    throw new AggregateError(errors, `${errors.length} ${what}`);
  }
}

export type Event<T> = (listener: (e: T) => unknown) => DisposableLike;

export class Emitter<T> implements DisposableLike {
  private readonly listeners = new Set<(e: T) => unknown>();

  readonly event: Event<T> = (listener) => {
    // A wrapper per subscription, so that one listener subscribed twice is called twice.
    const call = (e: T): unknown => listener(e);
    this.listeners.add(call);
    return toDisposable(() => this.listeners.delete(call));
  };

  /** Calls every listener now, in subscription order; a listener that throws does not stop the rest. */
  fire(e: T): void {
    callEach([...this.listeners], (listener) => listener(e), 'listeners failed');
  }

  dispose(): void {
    this.listeners.clear();
  }
}
