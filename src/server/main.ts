// The Lease server process entry point.
export {};
