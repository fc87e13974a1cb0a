// Drives the VS Code workbench that code-server serves, in Debian's Chromium through
// playwright-core. Every wait is a condition wait with a timeout; nothing sleeps.
//
// What the selectors rely on (VS Code 1.100's DOM):
//  - activity bar: `.part.activitybar li.action-item[role=tab]` holding `a.action-label` whose
//    aria-label is the container's title (plus a keybinding for built-in ones); the shown one has
//    aria-selected=true;
//  - side bar: `#workbench.parts.sidebar`, its title `.composite.title h2` ("Lease Lens: Leases"
//    when the container holds one view); a view is a `.pane` whose `.pane-header` has
//    aria-label "<view> Section", its tree a `.monaco-list[role=tree]` with aria-label "<view>";
//  - tree rows: `.monaco-list-row[role=treeitem]` with aria-expanded/aria-level, the label in
//    `.label-name`, the description in `.label-description`;
//  - context menus and the quick input are custom-drawn (menus in a shadow root, which
//    Playwright's CSS engine pierces): `role=menuitem`, `.quick-input-widget`;
//  - hovers: `.monaco-hover` (workbench hovers for tree tooltips);
//  - webviews: an `iframe.webview` (…/webview/browser/pre/index.html?id=…&extensionId=…) holding
//    `iframe#active-frame`, the document the extension wrote.
import { waitFor } from './waiting';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './chromium';
import { type Browser, type BrowserContext, type ConsoleMessage, type Dialog, type Frame, type Locator, type Page } from 'playwright-core';
import { RESULTS_DIR } from './codeServer';

/** Marks console messages from the dialog trap below. */
const DIALOG_TRAP = '[lease-lens-e2e] dialog attempted';

/**
 * Runs in every frame before its own scripts: a call to alert/confirm/prompt/print is reported on
 * the console (which Playwright hears from every frame, sandboxed or not) before the real one.
 */
function trapDialogs(marker: string): void {
  const w = window as unknown as Record<string, unknown>;
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    const original = w[name];
    if (typeof original !== 'function') {
      continue;
    }
    w[name] = function (this: unknown, ...args: unknown[]): unknown {
      console.error(`${marker}: ${name}(${args.map(String).join(', ')}) in ${location.href}`);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
}

export interface WorkbenchOptions {
  /** Where screenshots go; default test-results/e2e. */
  resultsDir?: string;
  viewport?: { width: number; height: number };
  /** Default timeout of every wait, in ms (default 30 000). */
  timeoutMs?: number;
  /** Scripts run in every frame before the page's own (e.g. a benchmark's PerformanceObserver). */
  initScripts?: readonly string[];
}

export interface DialogAttempt {
  how: 'dialog' | 'console';
  text: string;
  frameUrl: string;
}

export interface ElementFound {
  frameUrl: string;
  html: string;
}

export class Workbench {
  /** Every dialog opened or attempted in any frame since the page was opened. */
  readonly dialogs: DialogAttempt[] = [];
  /** Console errors of the page and its frames, for diagnosis. */
  readonly consoleErrors: string[] = [];

  private constructor(
    readonly browser: Browser,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly resultsDir: string,
    readonly timeoutMs: number,
  ) {}

  /** Launches Chromium, opens the workbench at `url` and waits until it is ready. */
  static async open(url: string, options: WorkbenchOptions = {}): Promise<Workbench> {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 }, colorScheme: 'dark' });
      await context.addInitScript(trapDialogs, DIALOG_TRAP);
      for (const content of options.initScripts ?? []) {
        await context.addInitScript({ content });
      }
      const page = await context.newPage();
      const timeoutMs = options.timeoutMs ?? 30_000;
      page.setDefaultTimeout(timeoutMs);
      const bench = new Workbench(browser, context, page, options.resultsDir ?? RESULTS_DIR, timeoutMs);
      page.on('dialog', (dialog) => bench.onDialog(dialog));
      page.on('console', (message) => bench.onConsole(message));
      page.on('pageerror', (error) => bench.consoleErrors.push(`pageerror: ${error.message}`));
      await page.goto(url);
      await bench.waitReady();
      return bench;
    } catch (err) {
      await browser.close();
      throw err;
    }
  }

  private onDialog(dialog: Dialog): void {
    this.dialogs.push({ how: 'dialog', text: `${dialog.type()}: ${dialog.message()}`, frameUrl: '' });
    dialog.dismiss().catch(() => undefined);
  }

  private onConsole(message: ConsoleMessage): void {
    const text = message.text();
    const frameUrl = message.location().url;
    // A sandboxed frame without allow-modals ignores alert() but says so on the console.
    if (text.includes(DIALOG_TRAP) || /Ignored call to '(alert|confirm|prompt|print)\(\)'/.test(text)) {
      this.dialogs.push({ how: 'console', text, frameUrl });
    }
    if (message.type() === 'error') {
      this.consoleErrors.push(text);
    }
  }

  /** The workbench is laid out: activity bar, side bar area, editor area and status bar. */
  async waitReady(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor();
    await this.page.locator('.part.activitybar li.action-item[role="tab"]').first().waitFor();
    await this.page.locator('.part.statusbar').waitFor();
    await this.page.locator('.part.editor').waitFor();
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  // -------------------------------------------------------------------------------------------
  // Activity bar, side bar, views

  /** The activity bar entry of a view container, by its title ("Lease Lens"). */
  activityBarItem(title: string): Locator {
    // A `has` locator is matched inside each candidate, so it names no ancestor.
    const label = this.page.locator(`a.action-label[aria-label="${title}"], a.action-label[aria-label^="${title} ("]`);
    return this.page.locator('.part.activitybar li.action-item[role="tab"]').filter({ has: label });
  }

  /** Shows a view container (clicking the entry of the one already shown would hide it). */
  async openViewContainer(title: string): Promise<void> {
    const item = this.activityBarItem(title);
    await item.waitFor();
    if ((await item.getAttribute('aria-selected')) !== 'true') {
      await item.click();
    }
    await this.page.waitForFunction(
      (t) => {
        const h2 = document.querySelector('#workbench\\.parts\\.sidebar .composite.title h2');
        const text = h2?.textContent ?? '';
        return text === t || text.startsWith(`${t}:`);
      },
      title,
      { timeout: this.timeoutMs },
    );
  }

  /** The side bar's title, e.g. "Lease Lens: Leases". */
  async sideBarTitle(): Promise<string> {
    return (await this.page.locator('#workbench\\.parts\\.sidebar .composite.title h2').textContent()) ?? '';
  }

  /** A view in the side bar, by its name ("Leases"). */
  view(name: string): Locator {
    return this.page
      .locator('#workbench\\.parts\\.sidebar .pane')
      .filter({ has: this.page.locator(`.pane-header[aria-label="${name} Section"]`) });
  }

  /** The tree of a view. */
  tree(viewName: string): Locator {
    return this.view(viewName).locator(`.monaco-list[role="tree"][aria-label="${viewName}"]`);
  }

  /** Rows of a view's tree whose label is `label` (a string matches the whole label). */
  treeItem(viewName: string, label: string | RegExp): Locator {
    const name = this.page.locator('.label-name', { hasText: typeof label === 'string' ? exactly(label) : label });
    return this.tree(viewName).locator('.monaco-list-row[role="treeitem"]').filter({ has: name });
  }

  /** The first row of `viewName` labelled `label`, once it is shown. */
  async shownTreeItem(viewName: string, label: string | RegExp): Promise<Locator> {
    const row = this.treeItem(viewName, label).first();
    await row.waitFor();
    return row;
  }

  /** Labels of the rows the tree shows right now (it renders only what is in view). */
  async treeLabels(viewName: string): Promise<string[]> {
    return this.tree(viewName).locator('.monaco-list-row[role="treeitem"] .label-name').allTextContents();
  }

  /** A tree row's label, description and aria-label. */
  async treeItemText(row: Locator): Promise<{ label: string; description: string; ariaLabel: string }> {
    return {
      label: ((await row.locator('.label-name').first().textContent()) ?? '').trim(),
      description: (
        (await row
          .locator('.label-description')
          .first()
          .textContent()
          .catch(() => '')) ?? ''
      ).trim(),
      ariaLabel: (await row.getAttribute('aria-label')) ?? '',
    };
  }

  /** Expands a collapsed row (a no-op when it is expanded) and waits until it shows expanded. */
  async expand(row: Locator): Promise<void> {
    await this.setExpanded(row, true);
  }

  async collapse(row: Locator): Promise<void> {
    await this.setExpanded(row, false);
  }

  /**
   * Clicks a row's twistie until the row (as the locator finds it now) shows the state. A row
   * the view draws again while the click is on its way (a context row whose state changes as it
   * loads) loses the click, and the element a handle would hold is replaced: so the locator is
   * read again, and each click gets 3 s to show before the next one, within the timeout.
   */
  private async setExpanded(row: Locator, expanded: boolean): Promise<void> {
    const want = String(expanded);
    const shown = async (): Promise<boolean> => (await row.getAttribute('aria-expanded')) === want;
    await row.waitFor();
    const deadline = Date.now() + this.timeoutMs;
    while (!(await shown())) {
      if (Date.now() > deadline) {
        throw new Error(`${String(row)} is not ${expanded ? 'expanded' : 'collapsed'} after ${this.timeoutMs} ms of clicks`);
      }
      await row.locator('.monaco-tl-twistie').click();
      await waitFor(`${String(row)} ${expanded ? 'expanded' : 'collapsed'}`, shown, 3000, { everyMs: 50 }).catch(() => undefined);
    }
  }

  /**
   * Hovers a row until its hover shows holding `contains`, and reads it at once: the text, and the
   * tags of any img/script/iframe/object/embed/svg element inside (none for text-only tooltips).
   * A row the view refreshes (a ticking countdown) loses its hover when redrawn, so this moves
   * the mouse away and back until it catches one, as a user would.
   */
  async hoverContent(
    row: Locator,
    contains: string,
    options: { timeoutMs?: number; screenshot?: string } = {},
  ): Promise<{ text: string; elements: string[]; screenshot?: string }> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const deadline = Date.now() + timeoutMs;
    let attempts = 0;
    let content: { text: string; elements: string[] } | undefined;
    for (;;) {
      attempts++;
      await this.dismissHover();
      await row.locator('.monaco-icon-label').first().hover();
      const found = await this.page
        .waitForFunction(
          (needle) => {
            const hovers = Array.from(document.querySelectorAll('.monaco-hover:not(.hidden)')).reverse();
            const hover = hovers.find((h) => (h.textContent ?? '').includes(needle));
            if (!hover) {
              return false;
            }
            const elements = Array.from(hover.querySelectorAll('img, script, iframe, object, embed, svg')).map((e) =>
              e.tagName.toLowerCase(),
            );
            return { text: (hover as HTMLElement).innerText.trim(), elements };
          },
          contains,
          // workbench.hover.delay is 500 ms on Linux; give it three times that.
          { timeout: 1_500, polling: 'raf' },
        )
        .then(
          (handle) => handle.jsonValue(),
          () => undefined,
        );
      if (found) {
        content ??= found;
        if (!options.screenshot) {
          return content;
        }
        // A picture of the hover, when it is still up once the picture is taken.
        const path = await this.screenshot(options.screenshot, undefined, { keepHover: true });
        const still = await this.page.locator('.monaco-hover:not(.hidden)', { hasText: contains }).count();
        if (still > 0) {
          return { ...content, screenshot: path };
        }
      }
      if (Date.now() > deadline) {
        if (content) {
          return content;
        }
        throw new Error(`no hover holding ${JSON.stringify(contains)} over ${String(row)} after ${attempts} tries in ${timeoutMs} ms`);
      }
    }
  }

  /**
   * How a row's hover behaves while the mouse rests on it: when it showed (ms after the mouse
   * arrived, or undefined) and how long it stayed (up to `watchMs`).
   */
  async hoverLifetime(row: Locator, watchMs: number): Promise<{ shownAfterMs?: number; visibleMs: number }> {
    await this.dismissHover();
    const arrived = Date.now();
    await row.locator('.monaco-icon-label').first().hover();
    const hover = this.page.locator('.monaco-hover:not(.hidden)').first();
    const shown = await hover.waitFor({ state: 'visible', timeout: 3_000 }).then(
      () => Date.now(),
      () => undefined,
    );
    if (shown === undefined) {
      return { visibleMs: 0 };
    }
    const gone = await hover.waitFor({ state: 'detached', timeout: watchMs }).then(
      () => Date.now(),
      () => undefined,
    );
    return { shownAfterMs: shown - arrived, visibleMs: (gone ?? shown + watchMs) - shown };
  }

  /** The hover element shown now (for checks on its DOM). */
  hover(): Locator {
    return this.page.locator('.monaco-hover:not(.hidden)').last();
  }

  /** Moves the mouse to an empty spot of the editor area and waits for hovers to go. */
  async dismissHover(): Promise<void> {
    const editor = await this.page.locator('.part.editor').boundingBox();
    await this.page.mouse.move(editor ? editor.x + editor.width - 20 : 700, editor ? editor.y + editor.height - 20 : 400);
    await this.page
      .locator('.monaco-hover:not(.hidden)')
      .waitFor({ state: 'detached', timeout: 5_000 })
      .catch(() => undefined);
  }

  /** Drags the side bar's edge until the side bar is `width` pixels wide (descriptions get room). */
  async setSideBarWidth(width: number): Promise<void> {
    const sidebar = this.page.locator('#workbench\\.parts\\.sidebar');
    const box = await sidebar.boundingBox();
    if (!box) {
      throw new Error('the side bar is not shown');
    }
    const edge = box.x + box.width;
    const sashes = await this.page.locator('.monaco-sash.vertical').all();
    for (const sash of sashes) {
      const s = await sash.boundingBox();
      if (!s || Math.abs(s.x + s.width / 2 - edge) > 4) {
        continue;
      }
      const y = box.y + box.height / 2;
      await this.page.mouse.move(s.x + s.width / 2, y);
      await this.page.mouse.down();
      await this.page.mouse.move(box.x + width, y, { steps: 5 });
      await this.page.mouse.up();
      await this.page.waitForFunction(
        (w) => Math.abs((document.getElementById('workbench.parts.sidebar')?.getBoundingClientRect().width ?? 0) - w) <= 4,
        width,
        { timeout: this.timeoutMs },
      );
      return;
    }
    throw new Error(`no sash at the side bar's edge (x=${edge})`);
  }

  // -------------------------------------------------------------------------------------------
  // Menus, commands

  /** Right-clicks `target` and chooses a context-menu entry by its title. */
  async contextMenu(target: Locator, entry: string | RegExp): Promise<void> {
    await target.click({ button: 'right' });
    const menu = this.page.locator('.context-view .monaco-menu');
    await menu.waitFor();
    const name = typeof entry === 'string' ? new RegExp(`^${escapeRegExp(entry)}(\\s|$)`) : entry;
    const item = menu.getByRole('menuitem', { name }).first();
    await item.waitFor();
    await item.click();
    // Now and then a click lands while the fresh menu still ignores the mouse, and the menu
    // stays open with the entry highlighted: choose it with the keyboard, as a user would.
    const closed = await menu.waitFor({ state: 'detached', timeout: 3_000 }).then(
      () => true,
      () => false,
    );
    if (!closed) {
      await item.focus();
      await this.page.keyboard.press('Enter');
      await menu.waitFor({ state: 'detached' });
    }
  }

  /** Titles in the context menu of `target` (closes the menu again). */
  async contextMenuEntries(target: Locator): Promise<string[]> {
    await target.click({ button: 'right' });
    const menu = this.page.locator('.context-view .monaco-menu');
    await menu.waitFor();
    const entries = await menu.locator('[role="menuitem"] .action-label').allTextContents();
    await this.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    return entries.map((e) => e.trim()).filter(Boolean);
  }

  /** Runs a command from the palette by its full title ("Lease Lens: Follow Lease"). */
  async runCommand(title: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    await this.page.keyboard.press('F1');
    await widget.waitFor({ state: 'visible' });
    const input = widget.locator('.quick-input-box input');
    await input.fill(`>${title}`);
    const row = widget
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(title) }) });
    await row.first().waitFor();
    await row.first().click();
    await widget.waitFor({ state: 'hidden' });
  }

  /** Whether the palette lists a command, by its full title. Leaves the palette closed. */
  async hasCommand(title: string): Promise<boolean> {
    const widget = this.page.locator('.quick-input-widget');
    await this.page.keyboard.press('F1');
    await widget.waitFor({ state: 'visible' });
    await widget.locator('.quick-input-box input').fill(`>${title}`);
    const rows = widget.locator('.quick-input-list .monaco-list-row');
    // The list settles on the filtered result: either our row or "No matching commands".
    const ours = rows.filter({ has: this.page.locator('.label-name', { hasText: exactly(title) }) });
    const none = widget.locator('.quick-input-message', { hasText: /No matching/ });
    await ours.first().or(none).first().waitFor();
    const found = (await ours.count()) > 0;
    await this.page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden' });
    return found;
  }

  /** Answers an open quick input (an input box or a pick) with text and Enter. */
  async answerQuickInput(text: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible' });
    await widget.locator('.quick-input-box input').fill(text);
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
  }

  // -------------------------------------------------------------------------------------------
  // Status bar, notifications

  statusBar(): Locator {
    return this.page.locator('#workbench\\.parts\\.statusbar');
  }

  /** The texts of the status bar's items, left to right. */
  async statusBarTexts(): Promise<string[]> {
    const texts = await this.statusBar().locator('.statusbar-item').allInnerTexts();
    return texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
  }

  /** A status bar item whose text matches. */
  statusBarItem(text: string | RegExp): Locator {
    return this.statusBar().locator('.statusbar-item').filter({ hasText: text });
  }

  /** Texts of the notification toasts shown now. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-toast .notification-list-item-message').allInnerTexts();
  }

  notification(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast').filter({ hasText: text });
  }

  // -------------------------------------------------------------------------------------------
  // Webviews

  /** Editor tabs' titles. */
  async editorTabs(): Promise<string[]> {
    return this.page.locator('.part.editor .tabs-container .tab .label-name').allTextContents();
  }

  editorTab(title: string | RegExp): Locator {
    return this.page
      .locator('.part.editor .tabs-container .tab')
      .filter({ has: this.page.locator('.label-name', { hasText: typeof title === 'string' ? exactly(title) : title }) });
  }

  /**
   * The document of a visible webview: the `#active-frame` inside the `iframe.webview` of the
   * extension, waiting until it holds `readySelector` (with `hasText` in it, when given: a panel
   * that is being replaced still shows its old document for a moment).
   */
  async webviewFrame(options: { extensionId?: string; readySelector?: string; hasText?: string; timeoutMs?: number } = {}): Promise<Frame> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const readySelector = options.readySelector ?? 'body *';
    const hasText = options.hasText;
    const deadline = Date.now() + timeoutMs;
    let lastSeen = '';
    for (;;) {
      const frame = await this.findWebviewFrame(options.extensionId, readySelector, hasText);
      if (frame) {
        return frame;
      }
      lastSeen = this.page
        .frames()
        .map((f) => f.url())
        .join('\n  ');
      if (Date.now() > deadline) {
        const toasts = await this.notifications().catch(() => []);
        throw new Error(
          `no visible webview${options.extensionId ? ` of ${options.extensionId}` : ''} holding ${readySelector}${hasText ? ` with ${JSON.stringify(hasText)}` : ''} within ${timeoutMs} ms; ` +
            `notifications: ${JSON.stringify(toasts)}; frames:\n  ${lastSeen}`,
        );
      }
      // Frames attach and documents load without a page-level event we could wait on for the
      // inner one; wait for the next frame event or a short while, whichever comes first.
      await Promise.race([
        this.page.waitForEvent('framenavigated', { timeout: 250 }).catch(() => undefined),
        this.page.waitForEvent('frameattached', { timeout: 250 }).catch(() => undefined),
      ]);
    }
  }

  private async findWebviewFrame(
    extensionId: string | undefined,
    readySelector: string,
    hasText: string | undefined,
  ): Promise<Frame | undefined> {
    for (const outer of this.page.frames()) {
      const url = outer.url();
      if (!url.includes('/webview/browser/pre/index.html')) {
        continue;
      }
      if (extensionId && !new URL(url).searchParams.get('extensionId')?.toLowerCase().includes(extensionId.toLowerCase())) {
        continue;
      }
      const element = await outer.frameElement().catch(() => undefined);
      if (!element || !(await element.isVisible().catch(() => false))) {
        continue;
      }
      for (const inner of outer.childFrames()) {
        const innerElement = await inner.frameElement().catch(() => undefined);
        const id = await innerElement?.getAttribute('id').catch(() => null);
        if (id !== 'active-frame') {
          continue;
        }
        const ready = await inner
          .locator(readySelector, hasText === undefined ? {} : { hasText })
          .first()
          .isVisible()
          .catch(() => false);
        if (ready) {
          return inner;
        }
      }
    }
    return undefined;
  }

  /** The text of the webview's body (what a reader sees). */
  async webviewText(frame: Frame): Promise<string> {
    return frame.locator('body').innerText();
  }

  // -------------------------------------------------------------------------------------------
  // Safety checks

  /**
   * Elements in any frame of the page that markup injection would have made: an element with an
   * inline event handler matching `handler` (e.g. onerror with alert), or an inline script whose
   * text matches `script`.
   */
  async injectedElements(probe: { handlerText: string; scriptText: string }): Promise<ElementFound[]> {
    const found: ElementFound[] = [];
    for (const frame of this.page.frames()) {
      let hits: string[];
      try {
        // No named inner functions here: tsx (esbuild keepNames) would wrap them in a __name()
        // helper that does not exist in the page.
        hits = await frame.evaluate(({ handlerText, scriptText }) => {
          const out: string[] = [];
          const roots: (Document | ShadowRoot)[] = [document];
          for (let root = roots.pop(); root !== undefined; root = roots.pop()) {
            for (const el of Array.from(root.querySelectorAll('*'))) {
              for (const attr of Array.from(el.attributes)) {
                if (attr.name.startsWith('on') && attr.value.includes(handlerText)) {
                  out.push(el.outerHTML.slice(0, 300));
                }
              }
              if (el.tagName === 'SCRIPT' && (el.textContent ?? '').includes(scriptText)) {
                out.push(el.outerHTML.slice(0, 300));
              }
              if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') {
                out.push(el.outerHTML.slice(0, 300));
              }
              if (el.shadowRoot) {
                roots.push(el.shadowRoot);
              }
            }
          }
          return out;
        }, probe);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        // A frame that went away while we looked holds nothing any more.
        if (frame.isDetached() || /detached|context was destroyed/i.test(message)) {
          continue;
        }
        hits = [`(could not check this frame: ${message.split('\n')[0]})`];
      }
      for (const html of hits) {
        found.push({ frameUrl: frame.url(), html });
      }
    }
    return found;
  }

  /** Calls to alert/confirm/prompt that each frame itself recorded (see trapDialogs). */
  dialogAttempts(): DialogAttempt[] {
    return [...this.dialogs];
  }

  // -------------------------------------------------------------------------------------------
  // Screenshots

  /**
   * A screenshot of the page (or of one element) to `<resultsDir>/<name>.png`; returns the path.
   * The mouse moves out of the way first (a hover would cover the picture) unless `keepHover`.
   */
  async screenshot(name: string, target?: Locator, options: { keepHover?: boolean } = {}): Promise<string> {
    mkdirSync(this.resultsDir, { recursive: true });
    if (!options.keepHover) {
      await this.dismissHover();
    }
    const path = join(this.resultsDir, `${name}.png`);
    if (target) {
      await target.screenshot({ path, animations: 'disabled' });
    } else {
      await this.page.screenshot({ path, animations: 'disabled' });
    }
    return path;
  }
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regular expression matching exactly `text` (trimmed). */
export function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
}

/** Waits until `read()` satisfies `ok`, polling; returns the last value. For values that live in the DOM of several frames. */
export async function waitForValue<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  options: { timeoutMs: number; what: string; everyMs?: number },
): Promise<T> {
  let value: T | undefined;
  const held = await waitFor(
    options.what,
    async () => {
      value = await read();
      return ok(value) ? { value } : undefined;
    },
    options.timeoutMs,
    { everyMs: options.everyMs ?? 200, detail: () => `still ${JSON.stringify(value)}` },
  );
  return held.value;
}
