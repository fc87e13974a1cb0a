// Debian's Chromium for the webview, faults and e2e tiers: moved to harness/chromium.ts (the
// editor benchmark drives it too); re-exported here for the tests that start it.
export { chromiumArgs, chromiumPath, launchChromium } from '../../harness/chromium';
