/** The `source` of every diagnostic Lease Lens reports. */
export const diagnosticSource = 'lease-lens';
