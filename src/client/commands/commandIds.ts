// The command ids Lease Lens registers, one per entry of `contributes.commands`. Pure (no vscode)
// so the manifest test can compare this table with package.json.

export const commandIds = {
  followLease: 'leaseLens.followLease',
  unfollowLease: 'leaseLens.unfollowLease',
  openControllerLogs: 'leaseLens.openControllerLogs',
  filterControllerLogs: 'leaseLens.filterControllerLogs',
  clearControllerLogFilter: 'leaseLens.clearControllerLogFilter',
  showEvents: 'leaseLens.showEvents',
  copyHolderIdentity: 'leaseLens.copyHolderIdentity',
  copyKubectlCommand: 'leaseLens.copyKubectlCommand',
  openLeaseYaml: 'leaseLens.openLeaseYaml',
  refresh: 'leaseLens.refresh',
  filterLeases: 'leaseLens.filterLeases',
  clearFilter: 'leaseLens.clearFilter',
  chooseContexts: 'leaseLens.chooseContexts',
  selectKubeconfig: 'leaseLens.selectKubeconfig',
  showDemoHelp: 'leaseLens.showDemoHelp',
  showOutput: 'leaseLens.showOutput',
  restartServer: 'leaseLens.restartServer',
  showServerStats: 'leaseLens.showServerStats',
  showHealth: 'leaseLens.showHealth',
  unmuteFlappingAlerts: 'leaseLens.unmuteFlappingAlerts',
  copyIncidentSummary: 'leaseLens.copyIncidentSummary',
  saveIncidentSummary: 'leaseLens.saveIncidentSummary',
  showLeadershipEvents: 'leaseLens.showLeadershipEvents',
  filterLeadershipEvents: 'leaseLens.filterLeadershipEvents',
  generateMonitoring: 'leaseLens.generateMonitoring',
} as const;

export type CommandName = keyof typeof commandIds;
export type CommandId = (typeof commandIds)[CommandName];

/** Ids used in the manifest outside `contributes.commands` (views, webview panel types). */
export const viewIds = {
  leases: 'leaseLens.leases',
  leasePanel: 'leaseLens.leasePanel',
  health: 'leaseLens.health',
} as const;
