// The lifecycle helpers every piece of src/client disposes with, and the emitter of the lease cache.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DisposableStore, Emitter, toDisposable } from '../../src/client/lifecycle';

describe('DisposableStore', () => {
  test('disposes everything once, newest first', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('a')));
    store.addAll(
      toDisposable(() => order.push('b')),
      toDisposable(() => order.push('c')),
    );
    store.dispose();
    store.dispose();
    assert.deepEqual(order, ['c', 'b', 'a']);
    assert.equal(store.isDisposed, true);
  });

  test('a dispose that throws does not stop the others; the error comes out after', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('a')));
    store.add(
      toDisposable(() => {
        throw new Error('boom');
      }),
    );
    store.add(toDisposable(() => order.push('c')));
    assert.throws(() => store.dispose(), /boom/);
    assert.deepEqual(order, ['c', 'a']);
  });

  test('several errors come out together', () => {
    const store = new DisposableStore();
    for (const message of ['one', 'two']) {
      store.add(
        toDisposable(() => {
          throw new Error(message);
        }),
      );
    }
    assert.throws(
      () => store.dispose(),
      (err: unknown) => err instanceof AggregateError && err.errors.length === 2,
    );
  });

  test('added after dispose: disposed at once', () => {
    const store = new DisposableStore();
    store.dispose();
    let disposed = false;
    store.add(toDisposable(() => (disposed = true)));
    assert.equal(disposed, true);
  });
});

describe('Emitter', () => {
  test('listeners in order until disposed; one that throws does not stop the rest', () => {
    const emitter = new Emitter<number>();
    const seen: string[] = [];
    const first = emitter.event((n) => seen.push(`first ${n}`));
    emitter.event(() => {
      throw new Error('listener failed');
    });
    emitter.event((n) => seen.push(`third ${n}`));
    assert.throws(() => emitter.fire(1), /listener failed/);
    first.dispose();
    assert.throws(() => emitter.fire(2), /listener failed/);
    assert.deepEqual(seen, ['first 1', 'third 1', 'third 2']);
    emitter.dispose();
    emitter.fire(3);
    assert.deepEqual(seen, ['first 1', 'third 1', 'third 2']);
  });
});
