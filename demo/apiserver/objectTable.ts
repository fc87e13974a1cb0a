// One bucket's objects by namespace and name, listed in etcd key order (namespace/name) with the
// sort cached until the set of keys changes (updates do not invalidate it).
import type { KubeObject } from './types';

export class ObjectTable {
  private readonly byNs = new Map<string, Map<string, KubeObject>>();
  private allKeys: [string, string][] | null = null;
  private readonly nsKeys = new Map<string, string[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(ns: string, name: string): KubeObject | undefined {
    return this.byNs.get(ns)?.get(name);
  }

  set(ns: string, name: string, obj: KubeObject): void {
    let m = this.byNs.get(ns);
    if (!m) {
      this.byNs.set(ns, (m = new Map<string, KubeObject>()));
    }
    if (!m.has(name)) {
      this.count++;
      this.allKeys = null;
      this.nsKeys.delete(ns);
    }
    m.set(name, obj);
  }

  delete(ns: string, name: string): KubeObject | undefined {
    const m = this.byNs.get(ns);
    const old = m?.get(name);
    if (!m || !old) {
      return undefined;
    }
    m.delete(name);
    if (m.size === 0) {
      this.byNs.delete(ns);
    }
    this.count--;
    this.allKeys = null;
    this.nsKeys.delete(ns);
    return old;
  }

  /** Objects in key order; `ns` undefined: all namespaces (ordered by `namespace/name`). */
  list(ns?: string): KubeObject[] {
    if (ns !== undefined) {
      const m = this.byNs.get(ns);
      if (!m) {
        return [];
      }
      let keys = this.nsKeys.get(ns);
      if (!keys) {
        this.nsKeys.set(ns, (keys = [...m.keys()].sort(byteOrder)));
      }
      const out: KubeObject[] = [];
      for (const k of keys) {
        const o = m.get(k);
        if (o) {
          out.push(o);
        }
      }
      return out;
    }
    if (!this.allKeys) {
      const keys: [string, string][] = [];
      for (const [n, m] of this.byNs) {
        for (const name of m.keys()) {
          keys.push([n, name]);
        }
      }
      keys.sort((a, b) => byteOrder(`${a[0]}/${a[1]}`, `${b[0]}/${b[1]}`));
      this.allKeys = keys;
    }
    const out: KubeObject[] = [];
    for (const [n, name] of this.allKeys) {
      const o = this.byNs.get(n)?.get(name);
      if (o) {
        out.push(o);
      }
    }
    return out;
  }

  clear(): void {
    this.byNs.clear();
    this.allKeys = null;
    this.nsKeys.clear();
    this.count = 0;
  }
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
