// Which Lease a manifest names: metadata.name, and metadata.namespace or `default`.
import { stringValue, type LeaseManifest } from '../../core/leaseManifest';

export const defaultNamespace = 'default';

export function manifestLeaseName(manifest: LeaseManifest): { namespace: string; name: string } | undefined {
  const name = stringValue(manifest.metadataFields.get('name'));
  if (name === undefined || name === '') {
    return undefined;
  }
  const namespace = stringValue(manifest.metadataFields.get('namespace'));
  return { namespace: namespace || defaultNamespace, name };
}
