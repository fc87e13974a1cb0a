// Workload manifests (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, Pod — static pods are
// Pods) whose containers set leader election flags, with the exact range of every command/args
// item, read by the `yaml` package: multi-document files, flow style, block scalars, anchors.
import type { Document } from 'yaml';
import { configOfContainer, electionFlags, type ElectionConfig, type ElectionFlag } from '../../core/electionTiming';
import { scalarOf, type YamlScalar } from '../../core/leaseManifest';
import { mapGet, parseYamlText, seqItems, type YamlText } from '../../core/yamlDocuments';

/** Kinds whose pod template is `spec.template.spec`. */
const templated = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

export interface FlagContainer {
  kind: string;
  /** metadata.name of the workload ('' when unnamed). */
  workload: string;
  container: string;
  /** `command` then `args`: each item's text and where it is written. */
  items: { text: string; at: YamlScalar }[];
  flags: ElectionFlag[];
  config: ElectionConfig;
}

/** Quick rejection: YAML that names no election flag has nothing to check. */
export function mentionsElectionFlags(text: string): boolean {
  return text.includes('leader-elect');
}

function stringItems(node: unknown, yaml: YamlText, doc: Document.Parsed): { text: string; at: YamlScalar }[] {
  const items: { text: string; at: YamlScalar }[] = [];
  for (const { written } of seqItems(node, doc)) {
    const at = scalarOf(written, yaml, doc);
    if (at !== undefined && typeof at.value === 'string') {
      items.push({ text: at.value, at });
    }
  }
  return items;
}

/** Every container of a workload manifest that sets an election flag. */
export function findFlagContainers(text: string): FlagContainer[] {
  if (!mentionsElectionFlags(text)) {
    return [];
  }
  const yaml = parseYamlText(text);
  const found: FlagContainer[] = [];
  for (const doc of yaml.documents) {
    const kindNode = scalarOf(mapGet(doc.contents, 'kind', doc), yaml, doc);
    const kind = typeof kindNode?.value === 'string' ? kindNode.value : '';
    const podSpec =
      kind === 'Pod'
        ? mapGet(doc.contents, 'spec', doc)
        : templated.has(kind)
          ? mapGet(mapGet(mapGet(doc.contents, 'spec', doc), 'template', doc), 'spec', doc)
          : undefined;
    if (podSpec === undefined) {
      continue;
    }
    const nameNode = scalarOf(mapGet(mapGet(doc.contents, 'metadata', doc), 'name', doc), yaml, doc);
    const workload = typeof nameNode?.value === 'string' ? nameNode.value : '';
    for (const list of ['initContainers', 'containers']) {
      for (const { node: container } of seqItems(mapGet(podSpec, list, doc), doc)) {
        const name = scalarOf(mapGet(container, 'name', doc), yaml, doc);
        const items = [
          ...stringItems(mapGet(container, 'command', doc), yaml, doc),
          ...stringItems(mapGet(container, 'args', doc), yaml, doc),
        ];
        const texts = items.map((i) => i.text);
        const flags = electionFlags(texts);
        if (flags.length === 0) {
          continue;
        }
        const containerName = typeof name?.value === 'string' ? name.value : '';
        found.push({ kind, workload, container: containerName, items, flags, config: configOfContainer(texts, workload, containerName) });
      }
    }
  }
  return found;
}
