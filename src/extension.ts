// Lease Lens activation: wires the pieces of src/client together, nothing else.
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
