// The `when`-clause context keys Lease Lens sets. Pure (no vscode) so the manifest test can check
// that the manifest uses them.

export const contextKeys = {
  /** The extension is active (palette entries show). */
  active: 'leaseLens.active',
  /** At least one Lease is followed. */
  following: 'leaseLens.following',
  /** The Leases view has a filter. */
  filtered: 'leaseLens.filtered',
  /** No kubeconfig file was found (the view shows its welcome content). */
  noKubeconfig: 'leaseLens.noKubeconfig',
} as const;

export type ContextKey = (typeof contextKeys)[keyof typeof contextKeys];
