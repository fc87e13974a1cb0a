// A stand-in for the `vscode` module, good enough for the bundle to load in plain Node: every
// property is a constructible, callable no-op, to any depth. Not a fake of VS Code's behaviour.
import Module from 'node:module';

function special(prop: string | symbol, path: string): { hit: boolean; value?: unknown } {
  if (prop === Symbol.toPrimitive) {
    return { hit: true, value: () => path };
  }
  if (prop === '__esModule') {
    return { hit: true, value: true }; // interop helpers then use the module object as it is
  }
  if (prop === 'then' || typeof prop === 'symbol') {
    return { hit: true, value: undefined }; // not a thenable
  }
  return { hit: false };
}

function stub(path: string): unknown {
  const target = function () {
    /* callable and constructible */
  };
  // esbuild's `import * as vscode` copies own properties onto an object whose prototype is the
  // module's: answering the prototype with a stub makes every name resolve through it.
  const proto: object = new Proxy(
    {},
    {
      get(_t, prop) {
        const s = special(prop, path);
        return s.hit ? s.value : stub(`${path}.${String(prop)}`);
      },
    },
  );
  return new Proxy(target, {
    get(t, prop) {
      const s = special(prop, path);
      if (s.hit) {
        return s.value;
      }
      if (prop === 'prototype') {
        return t.prototype;
      }
      return stub(`${path}.${String(prop)}`);
    },
    getPrototypeOf() {
      return proto;
    },
    apply() {
      return stub(`${path}()`);
    },
    construct() {
      return stub(`new ${path}`) as object;
    },
  });
}

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;

/** Requires `file` with `vscode` resolved to the stub for that one require, then restores. */
export function requireWithVscodeStub(file: string): Record<string, unknown> {
  const mod = Module as unknown as { _load: Load };
  const original = mod._load;
  const vscode = stub('vscode');
  mod._load = function (request, parent, isMain) {
    return request === 'vscode' ? vscode : original.call(this, request, parent, isMain);
  };
  try {
    return Module.createRequire(import.meta.url)(file) as Record<string, unknown>;
  } finally {
    mod._load = original;
  }
}
