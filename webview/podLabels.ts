// Short, still-distinct labels for pod names in log lines: replicas share long prefixes
// (`payments-operator-7d9f8b6c5-x2k9p`, `…-q8w7e`; `kube-scheduler-cp-node-1`, `…-2`), and the tag
// column should show the part that tells them apart.
const minLabelLength = 4;

function suffixes(name: string): string[] {
  const parts = name.split('-');
  const out: string[] = [];
  for (let i = parts.length - 1; i >= 0; i--) {
    out.push(parts.slice(i).join('-'));
  }
  return out;
}

/** For each name, the shortest suffix of whole `-` segments (≥ 4 chars when possible) no other name ends with. */
export function shortPodLabels(names: Iterable<string>): Map<string, string> {
  const unique = [...new Set(names)];
  const labels = new Map<string, string>();
  for (const name of unique) {
    const others = unique.filter((other) => other !== name);
    let label = name;
    if (others.length === 0) {
      labels.set(name, label);
      continue;
    }
    for (const suffix of suffixes(name)) {
      if (suffix.length < minLabelLength && suffix !== name) {
        continue;
      }
      if (others.every((other) => other !== suffix && !other.endsWith(`-${suffix}`))) {
        label = suffix;
        break;
      }
    }
    labels.set(name, label);
  }
  return labels;
}
