// A color per pod: stable (a pod's color comes from a hash of its name, so it is the same in every
// panel and session) and distinct among the candidate pods (when two candidates hash to the same
// color, the later one by name takes the next free color). Pods seen only in log lines keep their
// hashed color.
export const podColorCount = 8;

/** FNV-1a over UTF-16 code units. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

let assigned = new Map<string, number>();

/** Assigns distinct colors to the candidate pods (same set in, same colors out). */
export function setCandidatePods(names: Iterable<string>): void {
  const next = new Map<string, number>();
  const taken = new Set<number>();
  for (const name of [...new Set(names)].sort()) {
    let color = hash(name) % podColorCount;
    for (let i = 0; i < podColorCount && taken.has(color); i++) {
      color = (color + 1) % podColorCount;
    }
    taken.add(color);
    next.set(name, color);
  }
  assigned = next;
}

/** The CSS class (`pod-c0` … `pod-c7`, defined in panel.css) for a pod name. */
export function podColorClass(pod: string): string {
  return `pod-c${assigned.get(pod) ?? hash(pod) % podColorCount}`;
}
