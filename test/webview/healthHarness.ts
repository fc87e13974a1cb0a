// Headless-Chromium harness for the Leadership Health view: like harness.ts for the panel, a tiny
// HTTP server serves the document panelHtml() produces for the view (dist/health.js,
// media/health.css, the same strict CSP), a theme stylesheet, and the acquireVsCodeApi shim of
// harness.ts; the test plays the host by posting HostToHealthView messages to the window.
import type { Server } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { startPageServer } from './pageServer';
import { makeNonce, panelHtml } from '../../src/client/panel/panelHtml';
import type { HealthViewToHost, HostToHealthView } from '../../src/shared/healthViewProtocol';
import { REPO_ROOT } from '../../harness/repoRoot';
import { installShim, type CspViolation, type ShimWindow } from './harness';

const root = REPO_ROOT;

const files: Record<string, { path: string; type: string }> = {
  '/dist/health.js': { path: 'dist/health.js', type: 'text/javascript; charset=utf-8' },
  '/dist/health.js.map': { path: 'dist/health.js.map', type: 'application/json' },
  '/media/health.css': { path: 'media/health.css', type: 'text/css; charset=utf-8' },
  '/media/common.css': { path: 'media/common.css', type: 'text/css; charset=utf-8' },
  '/theme/dark.css': { path: 'test/webview/theme-dark.css', type: 'text/css; charset=utf-8' },
};

export class HealthPage {
  readonly pageErrors: string[] = [];
  readonly dialogs: string[] = [];

  constructor(readonly page: Page) {
    page.on('pageerror', (err) => this.pageErrors.push(err.message));
    page.on('dialog', (dialog) => {
      this.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }

  async send(message: HostToHealthView): Promise<void> {
    await this.page.evaluate((m) => window.postMessage(m, '*'), message);
  }

  async posted(): Promise<HealthViewToHost[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: HealthViewToHost[] }).__posted);
  }

  async cspViolations(): Promise<CspViolation[]> {
    return this.page.evaluate(() => (window as unknown as ShimWindow).__cspViolations);
  }

  /** Waits until the view has posted a message matching `match` (and returns it). */
  async waitForPosted(match: Partial<HealthViewToHost>): Promise<HealthViewToHost> {
    const handle = await this.page.waitForFunction(
      (m) =>
        (window as unknown as { __posted: Record<string, unknown>[] }).__posted.find((p) =>
          Object.entries(m).every(([k, v]) => p[k] === v),
        ),
      match,
      { timeout: 10_000 },
    );
    return (await handle.jsonValue()) as HealthViewToHost;
  }

  /** The data-key of every row element in the DOM, top to bottom. */
  async renderedKeys(): Promise<string[]> {
    return this.page.$$eval('.hrows .hrow:not([hidden])', (els) =>
      els
        .map((el) => ({ key: (el as HTMLElement).dataset.key ?? '', index: Number(el.getAttribute('aria-rowindex')) }))
        .sort((a, b) => a.index - b.index)
        .map((r) => r.key),
    );
  }

  /** The keys of the rows visible in the scrolling viewport, top to bottom. */
  async visibleKeys(): Promise<string[]> {
    return this.page.$eval('.hviewport', (viewport) => {
      const box = viewport.getBoundingClientRect();
      return Array.from(viewport.querySelectorAll<HTMLElement>('.hrow:not([hidden])'))
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.bottom > box.top + 1 && r.top < box.bottom - 1;
        })
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
        .map((el) => el.dataset.key ?? '');
    });
  }

  /** Waits for the next two animation frames, so batched DOM work has been done. */
  async settle(): Promise<void> {
    await this.page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  }
}

export class HealthHarness {
  private constructor(
    readonly origin: string,
    private readonly server: Server,
    readonly browser: Browser,
  ) {}

  static async start(): Promise<HealthHarness> {
    if (!existsSync(join(root, 'dist/health.js'))) {
      throw new Error('dist/health.js is missing: run node scripts/build.mjs first');
    }
    const { server, origin } = await startPageServer(files, (url, origin) =>
      url.pathname !== '/health.html'
        ? undefined
        : panelHtml({
            cspSource: origin,
            nonce: makeNonce(),
            scriptUri: `${origin}/dist/health.js`,
            styleUri: `${origin}/media/health.css`,
            sharedStyleUris: [`${origin}/media/common.css`],
            title: 'Leadership Health',
            loadingText: 'Loading leadership health…',
          })
            .replace('<head>', `<head>\n    <link rel="stylesheet" href="${origin}/theme/dark.css">`)
            .replace('<body>', '<body class="vscode-dark" data-vscode-theme-kind="vscode-dark">'),
    );
    return new HealthHarness(origin, server, await launchChromium());
  }

  /** A fresh page (own context: own sessionStorage) showing the view; waits for `ready`. */
  async open(opts: { width?: number; height?: number } = {}): Promise<HealthPage> {
    const context = await this.browser.newContext({
      viewport: { width: opts.width ?? 1500, height: opts.height ?? 900 },
      colorScheme: 'dark',
    });
    const page = await context.newPage();
    const view = new HealthPage(page);
    await page.addInitScript(installShim);
    await page.goto(`${this.origin}/health.html`);
    await view.waitForPosted({ type: 'ready' });
    return view;
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
