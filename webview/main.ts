// The Lease panel webview app.
export {};
