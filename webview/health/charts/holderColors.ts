// One colour per holder in a Lease's charts: holders in the order they first held the Lease get
// classes holder-0 … holder-7 (health.css), the ninth wraps around. Pure.
export const holderColorCount = 8;

export function holderColors(holders: Iterable<string>): Map<string, string> {
  const colors = new Map<string, string>();
  for (const holder of holders) {
    if (!colors.has(holder)) {
      colors.set(holder, `holder-${colors.size % holderColorCount}`);
    }
  }
  return colors;
}
