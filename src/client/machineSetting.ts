// A setting only the user may set (`"scope": "machine"` in package.json, e.g. leaseLens.kubeconfig,
// whose file can run credential plugins): its value from the user's or the remote machine's
// settings, never from a folder's or workspace's, even in a VS Code that does not enforce the
// scope. Pure (no vscode): the shape is what WorkspaceConfiguration.inspect() answers.

export interface InspectedSetting<T> {
  defaultValue?: T;
  /** User settings (in a remote window merged with the remote machine's settings). */
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/** The user's (or remote machine's) value, else the default; workspace and folder values are ignored. */
export function machineSettingValue<T>(inspected: InspectedSetting<T> | undefined): T | undefined {
  return inspected?.globalValue ?? inspected?.defaultValue;
}
