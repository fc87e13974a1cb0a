// The UI language on the extension host: `vscode.l10n.t` behind the shared `t()` (for the parts of
// src/client and src/core that run without VS Code in tests), and the language and bundle that the
// Lease server and the panel get (they cannot read `vscode.l10n` themselves).
import * as vscode from 'vscode';
import { useL10n, type L10nSettings } from '../shared/l10n';

/** `vscode.env.language` and `vscode.l10n.bundle` (absent for English). */
export function uiL10n(): L10nSettings {
  const bundle = vscode.l10n.bundle;
  return bundle ? { language: vscode.env.language, bundle } : { language: vscode.env.language };
}

/** Makes the shared `t()` translate with `vscode.l10n.t` in the UI language. */
export function useUiLanguage(): void {
  useL10n(uiL10n(), (message, ...args) => vscode.l10n.t(message, ...args));
}
