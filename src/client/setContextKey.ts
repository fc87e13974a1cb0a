// Sets a `when`-clause context key without leaving a promise floating.
import * as vscode from 'vscode';
import type { ContextKey } from './contextKeys';

export function setContextKey(key: ContextKey, value: boolean): void {
  vscode.commands.executeCommand('setContext', key, value).then(undefined, () => {
    // setContext only fails while the window closes; there is no one to tell then.
  });
}
