// Read-only Lease YAML documents (scheme lease-lens-yaml): the Lease as the server holds it,
// refreshed while open whenever the Lease changes.
import * as vscode from 'vscode';
import { errorMessage } from '../../shared/errors';
import { Leases } from '../../shared/protocol';
import type { LeaseKey } from '../../shared/types';
import type { LeaseServerClient } from '../leaseServerClient';
import type { LeaseCache } from '../leases/leaseCache';
import { DisposableStore } from '../lifecycle';
import { leaseDocumentPath, leaseKeyFromDocumentPath, yamlExtension, yamlScheme } from './documentUris';
import { renderLeaseYaml } from './leaseYaml';

export function leaseYamlUri(key: LeaseKey): vscode.Uri | undefined {
  const path = leaseDocumentPath(key, yamlExtension);
  return path === undefined ? undefined : vscode.Uri.from({ scheme: yamlScheme, path });
}

export class LeaseYamlProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables = new DisposableStore();

  constructor(
    private readonly server: LeaseServerClient,
    cache: LeaseCache,
  ) {
    this.disposables.addAll(
      this.emitter,
      cache.onDidChange(({ leases }) => {
        if (leases.length === 0) {
          return;
        }
        const changed = new Set(leases);
        for (const document of vscode.workspace.textDocuments) {
          if (document.uri.scheme !== yamlScheme || document.isClosed) {
            continue;
          }
          const key = leaseKeyFromDocumentPath(document.uri.path, yamlExtension);
          if (key && changed.has(key)) {
            this.emitter.fire(document.uri);
          }
        }
      }),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const key = leaseKeyFromDocumentPath(uri.path, yamlExtension);
    if (!key) {
      return `# ${vscode.l10n.t('This is not a Lease Lens Lease address.')}\n`;
    }
    try {
      const client = await this.server.running();
      const result = await client.sendRequest(Leases.get, { key }, token);
      return renderLeaseYaml(key, result, Date.now());
    } catch (err) {
      const message = errorMessage(err);
      return `# ${vscode.l10n.t('Could not read {0}: {1}', key, message.replace(/[\r\n]+/g, ' '))}\n`;
    }
  }

  async open(key: LeaseKey): Promise<void> {
    const uri = leaseYamlUri(key);
    if (!uri) {
      throw new Error(vscode.l10n.t('"{0}" does not name a Lease', key));
    }
    let document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== 'yaml') {
      document = await vscode.languages.setTextDocumentLanguage(document, 'yaml');
    }
    await vscode.window.showTextDocument(document, { preview: true });
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
