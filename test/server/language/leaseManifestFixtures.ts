// Lease manifests for the language tests: one good, and a multi-document file with problems.
import { fakeHolder, fakeRenewTime } from './fakeLease';

export const goodLease = `apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  name: kube-scheduler
  namespace: kube-system
spec:
  holderIdentity: ${fakeHolder}
  leaseDurationSeconds: 15
  acquireTime: "2026-11-20T23:58:41.204518Z"
  renewTime: ${fakeRenewTime}
  leaseTransitions: 7
`;

export const badLeases = `# Leases with problems, after a ConfigMap that is not a Lease
apiVersion: v1
kind: ConfigMap
metadata:
  name: not-a-lease
data:
  renewTime: "2026-11-21T00:41:17Z"
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  name: payments-leader
spec:
  holderIdentity: payments-7d9f8c6b5-x2k4p_9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d
  leaseDurationSeconds: 0
  acquireTime: '2026-11-21T00:41:17.924Z'   # three digits
  renewTime: "yesterday"
  preferredHolder: payments-7d9f8c6b5-x2k4p
---
apiVersion: "coordination.k8s.io/v1"
kind: Lease
metadata:
  namespace: kube-system
  name: kube-scheduler
spec:
  holderIdentity: cp-node-1_0d9c8b7a-6f5e-4d3c-9b2a-1f0e9d8c7b6a
  leaseDurationSeconds: -5
  renewTime: 2026-11-21T00:41:17.9241234Z
  leaseTransitions: 1.5
  strategy: OldestEmulationVersion
  preferredHolder: cp-node-3
`;

/** Line and column range of `value` on the first line of `text` that contains `lineText`. */
export function valueRange(
  text: string,
  lineText: string,
  value: string,
): { start: { line: number; character: number }; end: { line: number; character: number } } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(lineText));
  if (line < 0) {
    throw new Error(`no line with ${lineText}`);
  }
  const lineStr = lines[line] ?? '';
  const character = lineStr.indexOf(value, lineStr.indexOf(lineText));
  if (character < 0) {
    throw new Error(`no ${value} on line ${line}`);
  }
  return { start: { line, character }, end: { line, character: character + value.length } };
}
