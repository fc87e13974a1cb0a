// Discovery documents: /version, /api (APIVersions), /apis (APIGroupList), /apis/{group}
// (APIGroup) and the APIResourceLists of each group version. Always the plain (unaggregated)
// JSON forms: kubectl falls back to them when the aggregated v2 form is not offered.
import { type GroupVersion, groupVersions, type ResourceDef } from './resources';

export function versionInfo(): Record<string, string> {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.0',
    gitCommit: '70d3cc986aa8221cd1dfb1121852688902d3bf53',
    gitTreeState: 'clean',
    buildDate: '2024-12-11T17:59:15Z',
    goVersion: 'go1.23.3',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function apiGroup(group: string, served: readonly GroupVersion[]): Record<string, unknown> {
  const versions = served.filter((gv) => gv.group === group).map((gv) => ({ groupVersion: `${group}/${gv.version}`, version: gv.version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(served: readonly GroupVersion[] = groupVersions): Record<string, unknown> {
  const groups = [...new Set(served.map((gv) => gv.group).filter((g) => g !== ''))];
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => apiGroup(g, served)) };
}

export function apiGroupDoc(group: string, served: readonly GroupVersion[] = groupVersions): Record<string, unknown> | undefined {
  if (!served.some((gv) => gv.group === group && group !== '')) {
    return undefined;
  }
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, served) };
}

function resourceEntry(r: ResourceDef): Record<string, unknown> {
  const e: Record<string, unknown> = { name: r.name, singularName: r.singularName, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
  if (r.shortNames) {
    e.shortNames = r.shortNames;
  }
  if (r.categories) {
    e.categories = r.categories;
  }
  if (r.storageVersionHash) {
    e.storageVersionHash = r.storageVersionHash;
  }
  return e;
}

export function apiResourceList(
  group: string,
  version: string,
  served: readonly GroupVersion[] = groupVersions,
): Record<string, unknown> | undefined {
  const gv = served.find((g) => g.group === group && g.version === version);
  if (!gv) {
    return undefined;
  }
  const resources: Record<string, unknown>[] = [];
  for (const r of gv.resources) {
    resources.push(resourceEntry(r));
    if (r.name === 'pods') {
      resources.push({ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}
