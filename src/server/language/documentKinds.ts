// Which synced documents get which features: controller-log documents (scheme lease-lens-log,
// language lease-log) get log features; YAML documents get Lease manifest features.
import { logDocumentLanguage, logDocumentScheme } from '../../core/logDocument';

interface DocumentId {
  readonly uri: string;
  readonly languageId: string;
}

function scheme(uri: string): string {
  const colon = uri.indexOf(':');
  return colon < 0 ? '' : uri.slice(0, colon).toLowerCase();
}

export function isLogDocument(doc: DocumentId): boolean {
  return doc.languageId === logDocumentLanguage && scheme(doc.uri) === logDocumentScheme;
}

export function isYamlDocument(doc: DocumentId): boolean {
  return doc.languageId === 'yaml' && scheme(doc.uri) !== logDocumentScheme;
}
