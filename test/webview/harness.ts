// Headless-Chromium harness for the Lease panel webview.
//
// A tiny HTTP server on 127.0.0.1 serves the document panelHtml() produces (cspSource = the
// server's origin, as VS Code passes webview.cspSource), dist/webview.js, media/panel.css and a
// theme stylesheet with VS Code's --vscode-* variables. An init script stands in for VS Code's
// `acquireVsCodeApi` (postMessage recorded, get/setState kept in sessionStorage so they survive a
// reload) and the test plays the host by posting HostToWebview messages to the window, as VS Code
// delivers them.
import type { Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { startPageServer } from './pageServer';
import { makeNonce, panelHtml } from '../../src/client/panel/panelHtml';
import type { HostToWebview, PanelL10n, WebviewToHost } from '../../src/shared/webviewProtocol';
import { REPO_ROOT } from '../../harness/repoRoot';
import { waitFor } from '../../harness/waiting';

const root = REPO_ROOT;

export type Theme = 'dark' | 'light';

/** The panel's language: English (no strings), or Russian with the shipped bundle, as the host sends them. */
export type PanelLanguage = 'en' | 'ru';

function panelL10n(language: PanelLanguage): PanelL10n {
  if (language === 'en') {
    return { language: 'en', strings: {} };
  }
  return { language, strings: JSON.parse(readFileSync(join(root, `l10n/bundle.l10n.${language}.json`), 'utf8')) as Record<string, string> };
}

const files: Record<string, { path: string; type: string }> = {
  '/dist/webview.js': { path: 'dist/webview.js', type: 'text/javascript; charset=utf-8' },
  '/dist/webview.js.map': { path: 'dist/webview.js.map', type: 'application/json' },
  '/media/panel.css': { path: 'media/panel.css', type: 'text/css; charset=utf-8' },
  '/media/common.css': { path: 'media/common.css', type: 'text/css; charset=utf-8' },
  '/theme/dark.css': { path: 'test/webview/theme-dark.css', type: 'text/css; charset=utf-8' },
  '/theme/light.css': { path: 'test/webview/theme-light.css', type: 'text/css; charset=utf-8' },
};

export interface CspViolation {
  directive: string;
  blocked: string;
  sample: string;
  source: string;
}

/** What the acquireVsCodeApi shim and the CSP listener leave on `window`. */
export interface ShimWindow {
  __posted: WebviewToHost[];
  __cspViolations: CspViolation[];
  __setStateCount: number;
}

/** Runs in the page before any of its scripts (CSP does not apply to it). */
export function installShim(): void {
  const w = window as unknown as ShimWindow & { acquireVsCodeApi?: () => unknown };
  const stateKey = '__leaseLensWebviewState';
  w.__posted = [];
  w.__cspViolations = [];
  w.__setStateCount = 0;
  document.addEventListener('securitypolicyviolation', (e) => {
    w.__cspViolations.push({
      directive: e.violatedDirective,
      blocked: e.blockedURI,
      sample: e.sample,
      source: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
    });
  });
  let acquired = false;
  w.acquireVsCodeApi = () => {
    if (acquired) {
      throw new Error('An instance of the VS Code API has already been acquired');
    }
    acquired = true;
    return Object.freeze({
      postMessage(message: unknown): void {
        // Structured clone, like the real channel: functions and DOM nodes would throw.
        w.__posted.push(structuredClone(message) as WebviewToHost);
      },
      getState(): unknown {
        const saved = sessionStorage.getItem(stateKey);
        return saved === null ? undefined : JSON.parse(saved);
      },
      setState<T>(state: T): T {
        w.__setStateCount++;
        sessionStorage.setItem(stateKey, JSON.stringify(state));
        return state;
      },
    });
  };
}

export class PanelPage {
  readonly dialogs: string[] = [];
  readonly pageErrors: string[] = [];
  readonly consoleErrors: string[] = [];

  constructor(readonly page: Page) {
    page.on('dialog', (dialog) => {
      this.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('pageerror', (err) => this.pageErrors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') {
        this.consoleErrors.push(msg.text());
      }
    });
  }

  /** Plays the host: delivers a message to the webview as a window MessageEvent. */
  async send(message: HostToWebview): Promise<void> {
    await this.page.evaluate((m) => window.postMessage(m, '*'), message);
  }

  async posted(): Promise<WebviewToHost[]> {
    return this.page.evaluate(() => (window as unknown as ShimWindow).__posted);
  }

  async cspViolations(): Promise<CspViolation[]> {
    return this.page.evaluate(() => (window as unknown as ShimWindow).__cspViolations);
  }

  /** Waits until the webview has posted a message of this type (and returns it). */
  async waitForPosted<T extends WebviewToHost['type']>(type: T): Promise<Extract<WebviewToHost, { type: T }>> {
    const handle = await this.page.waitForFunction((t) => (window as unknown as ShimWindow).__posted.find((m) => m.type === t), type);
    return (await handle.jsonValue()) as Extract<WebviewToHost, { type: T }>;
  }

  /** Texts of the rendered log lines, oldest first. */
  async logTexts(): Promise<string[]> {
    return this.page.$$eval('.log-list .log-line .log-text', (els) => els.map((el) => el.textContent ?? ''));
  }

  /** Types into the log filter box (replacing what was there). */
  async setFilterText(text: string): Promise<void> {
    await this.page.locator('vscode-text-field.filter-text input').fill(text);
  }

  /** Clicks a filter checkbox by its label: 'Regex', 'Match case' or 'Invert'. */
  async toggle(label: 'Regex' | 'Match case' | 'Invert'): Promise<void> {
    await this.page.locator('vscode-checkbox', { hasText: label }).click();
  }

  /** Picks a log preset in the dropdown by its label. */
  async choosePreset(label: 'Leadership' | 'Errors' | 'All'): Promise<void> {
    await this.page.locator('vscode-dropdown.filter-preset').click();
    await this.page.locator('vscode-dropdown.filter-preset vscode-option', { hasText: label }).click();
  }

  /** Waits until the rendered log texts satisfy `check` (given the texts), then returns them. */
  async waitForLogs(check: (texts: string[]) => boolean, what: string): Promise<string[]> {
    let texts: string[] = [];
    const held = await waitFor(
      `log lines: ${what}`,
      async () => {
        texts = await this.logTexts();
        return check(texts) && { texts };
      },
      10_000,
      { detail: () => `showing ${JSON.stringify(texts)}` },
    );
    return held.texts;
  }

  /** Waits for the next two animation frames, so batched DOM work has been done. */
  async settle(): Promise<void> {
    await this.page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  }
}

export class Harness {
  private constructor(
    readonly origin: string,
    private readonly server: Server,
    readonly browser: Browser,
  ) {}

  static async start(): Promise<Harness> {
    if (!existsSync(join(root, 'dist/webview.js'))) {
      throw new Error('dist/webview.js is missing: run node scripts/build.mjs first');
    }
    const { server, origin } = await startPageServer(files, (url, origin) => {
      if (url.pathname !== '/panel.html') {
        return undefined;
      }
      const theme: Theme = url.searchParams.get('theme') === 'light' ? 'light' : 'dark';
      const trustedTypes = url.searchParams.get('tt') !== '0';
      let html = panelHtml({
        cspSource: origin,
        nonce: makeNonce(),
        styleNonce: makeNonce(),
        scriptUri: `${origin}/dist/webview.js`,
        styleUri: `${origin}/media/panel.css`,
        sharedStyleUris: [`${origin}/media/common.css`],
        title: url.searchParams.get('title') ?? 'Lease',
        l10n: panelL10n(url.searchParams.get('lang') === 'ru' ? 'ru' : 'en'),
      });
      // What VS Code adds around the document: the theme variables and the body's theme class.
      html = html
        .replace('<head>', `<head>\n    <link rel="stylesheet" href="${origin}/theme/${theme}.css">`)
        .replace('<body>', `<body class="vscode-${theme}" data-vscode-theme-kind="vscode-${theme}">`);
      if (!trustedTypes) {
        // Test-only: the policy without its Trusted Types layer, to check the script-src layer alone.
        html = html.replace("require-trusted-types-for 'script'; trusted-types fast-html; ", '');
      }
      return html;
    });
    const browser = await launchChromium();
    return new Harness(origin, server, browser);
  }

  /** A fresh page (own context, so own sessionStorage) showing the panel; waits for `ready`. */
  async open(
    opts: { theme?: Theme; width?: number; height?: number; trustedTypes?: boolean; language?: PanelLanguage } = {},
  ): Promise<PanelPage> {
    const context = await this.browser.newContext({
      viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
      colorScheme: opts.theme === 'light' ? 'light' : 'dark',
    });
    const page = await context.newPage();
    const panel = new PanelPage(page);
    await page.addInitScript(installShim);
    const lang = opts.language && opts.language !== 'en' ? `&lang=${opts.language}` : '';
    await page.goto(`${this.origin}/panel.html?theme=${opts.theme ?? 'dark'}${opts.trustedTypes === false ? '&tt=0' : ''}${lang}`);
    await panel.waitForPosted('ready');
    return panel;
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
