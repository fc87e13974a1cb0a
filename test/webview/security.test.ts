// Cluster strings are shown as text, never markup; the Content-Security-Policy refuses inline
// script, eval and string-to-HTML sinks.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, type CspViolation, type PanelPage } from './harness';
import { microTime } from '../support/builders';
import { emptySnapshot, lease, logLine, snapshotMessage } from '../support/followSnapshots';

describe('panel: hostile strings and the CSP', () => {
  let harness: Harness;
  before(async () => {
    harness = await Harness.start();
  });
  after(async () => harness?.close());

  const img = '<img src=x onerror=alert(1)>';
  const script = '</script><script>alert(2)</script>';
  const svg = '"><svg onload=alert(3)>';
  const all = `${img}${script}${svg}`;

  test('hostile strings in holder, event, pod name and log line show literally and run nothing', async () => {
    const panel = await harness.open();
    const now = Date.now();
    const hostilePod = `pod-${svg}`;
    const l = lease(
      { holderIdentity: all, leaseDurationSeconds: 15, renewTime: microTime(now), preferredHolder: img, strategy: script },
      now,
      {
        name: `lease${img}`,
      },
    );
    await panel.send(
      snapshotMessage(
        {
          ...emptySnapshot(l),
          events: [{ uid: 'x', time: now, type: 'Warning', reason: script, message: all, source: svg, count: 2 }],
          eventsMessage: `events: ${img}`,
          timeline: { terms: [{ holder: all, acquiredAt: now - 1000, renewals: 0, gapBeforeMs: 10 }], renew: { count: 0 } },
          pods: [{ namespace: 'default', name: hostilePod, containers: [script], node: img, phase: svg, holder: true, restarts: 0 }],
          podMessage: script,
          logs: [logLine(all, { pod: hostilePod, container: img, signal: 'acquired' })],
          logsMessage: `logs: ${svg}`,
        },
        now,
      ),
    );
    await panel.page.waitForSelector('.log-line');
    await panel.settle();

    assert.equal(await panel.page.locator('.holder-identity').textContent(), all);
    assert.equal(await panel.page.locator('.lease-name').textContent(), `lease${img}`);
    assert.equal(await panel.page.title(), `lease${img}`);
    assert.equal(await panel.page.locator('.event-message').textContent(), all);
    assert.equal(await panel.page.locator('.events .notice').textContent(), `events: ${img}`);
    assert.equal(await panel.page.locator('.pods-list .pod-name').textContent(), hostilePod);
    assert.equal(await panel.page.locator('.log-line .log-text').textContent(), all);
    assert.equal(await panel.page.locator('.log-line .log-pod').textContent(), hostilePod);
    assert.equal(await panel.page.locator('.log-message').textContent(), `logs: ${svg}`);
    assert.equal(await panel.page.locator('.history-table tbody tr').getAttribute('data-holder'), all);
    const body = await panel.page.locator('body').innerText();
    for (const s of [img, script, svg]) {
      assert.ok(body.includes(s), `shown literally: ${s}`);
    }

    // Filtering (highlight path) keeps it text too.
    await panel.choosePreset('All');
    await panel.setFilterText('<img');
    await panel.page.waitForSelector('.log-line mark');
    assert.equal(await panel.page.locator('.log-line mark').textContent(), '<img');
    assert.equal(await panel.page.locator('.log-line .log-text').textContent(), all);

    const injected = await panel.page.evaluate(() => ({
      img: document.querySelectorAll('img').length,
      svg: document.querySelectorAll('svg').length,
      scripts: document.querySelectorAll('script').length,
      handlers: Array.from(document.querySelectorAll('*')).filter((el) => Array.from(el.attributes).some((a) => a.name.startsWith('on')))
        .length,
    }));
    assert.deepEqual(injected, { img: 0, svg: 0, scripts: 1, handlers: 0 });
    assert.deepEqual(panel.dialogs, [], 'no dialog ever opened');
    assert.deepEqual(panel.pageErrors, []);
    assert.deepEqual(await panel.cspViolations(), [], 'nothing was even attempted');
    await panel.page.context().close();
  });

  interface Outcome {
    results: Record<string, string>;
    ran: string[];
    directives: Set<string>;
    violations: CspViolation[];
  }

  /**
   * Tries to run script six ways the CSP should refuse. The attempts run in a task of the page's own
   * (setTimeout), not inside page.evaluate(): DevTools evaluation is exempt from the CSP's eval rule.
   * (No named functions inside evaluate(): tsx's keepNames would reference a helper the page lacks.)
   */
  async function attemptScripts(panel: PanelPage): Promise<Outcome> {
    await panel.page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const attempts: Array<[string, () => void]> = [
        // An inline <script> element, by text node (no nonce).
        [
          'scriptText',
          () => {
            const s = document.createElement('script');
            s.appendChild(document.createTextNode('window.__ran1 = true'));
            document.body.appendChild(s);
          },
        ],
        // An inline <script> element, by textContent.
        [
          'scriptTextContent',
          () => {
            const s = document.createElement('script');
            s.textContent = 'window.__ran2 = true';
            document.body.appendChild(s);
          },
        ],
        // Markup from a string.
        [
          'innerHTML',
          () => {
            const d = document.createElement('div');
            d.innerHTML = '<img src=x onerror="window.__ran3 = true">';
            document.body.appendChild(d);
          },
        ],
        // An inline event handler attribute.
        [
          'handler',
          () => {
            const b = document.createElement('button');
            b.setAttribute('onclick', 'window.__ran4 = true');
            document.body.appendChild(b);
            b.click();
          },
        ],
        ['eval', () => (0, eval)('window.__ran5 = true')],
        // eslint-disable-next-line @typescript-eslint/no-implied-eval
        ['newFunction', () => new Function('window.__ran6 = true')()],
      ];
      setTimeout(() => {
        const results: Record<string, string> = {};
        for (const [label, f] of attempts) {
          try {
            f();
            results[label] = 'ok';
          } catch (err) {
            results[label] = err instanceof Error ? err.name : 'thrown';
          }
        }
        w.__attempts = results;
      }, 0);
    });
    await panel.page.waitForFunction(() => (window as unknown as Record<string, unknown>).__attempts !== undefined);
    await panel.settle();
    const { results, ran } = await panel.page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return {
        results: w.__attempts as Record<string, string>,
        ran: ['__ran1', '__ran2', '__ran3', '__ran4', '__ran5', '__ran6'].filter((k) => w[k] === true),
      };
    });
    const violations = await panel.cspViolations();
    return { results, ran, violations, directives: new Set(violations.map((v) => v.directive)) };
  }

  async function heldPanel(trustedTypes: boolean): Promise<PanelPage> {
    const panel = await harness.open({ trustedTypes });
    const now = Date.now();
    await panel.send(
      snapshotMessage(emptySnapshot(lease({ holderIdentity: 'a', leaseDurationSeconds: 15, renewTime: microTime(now) }, now)), now),
    );
    await panel.page.waitForSelector('.state-badge[data-state="held"]');
    return panel;
  }

  test('the CSP refuses inline script, inline handlers, eval and HTML from strings', async () => {
    const panel = await heldPanel(true);
    const csp = await panel.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.ok(csp?.includes("script-src 'nonce-"), csp ?? '');
    assert.ok(!csp?.includes('unsafe-inline') && !csp?.includes('unsafe-eval'), csp ?? '');

    const outcome = await attemptScripts(panel);
    assert.deepEqual(outcome.ran, [], `nothing ran: ${JSON.stringify(outcome.results)}`);
    assert.equal(outcome.results.eval, 'EvalError', 'eval throws');
    assert.equal(outcome.results.newFunction, 'EvalError', 'new Function throws');
    assert.equal(outcome.results.innerHTML, 'TypeError', 'Trusted Types: no HTML from plain strings');
    assert.equal(outcome.results.scriptTextContent, 'TypeError', 'Trusted Types: no script text from plain strings');
    assert.ok(outcome.directives.has('require-trusted-types-for'), JSON.stringify(outcome.violations));
    assert.deepEqual(panel.dialogs, []);
    await panel.page.context().close();
  });

  test('without its Trusted Types layer the policy still refuses inline script and eval (script-src)', async () => {
    const panel = await heldPanel(false);
    const outcome = await attemptScripts(panel);
    assert.deepEqual(outcome.ran, [], `nothing ran: ${JSON.stringify(outcome.results)}`);
    assert.equal(outcome.results.eval, 'EvalError', 'eval throws');
    assert.ok(outcome.directives.has('script-src-elem'), `inline <script> refused: ${JSON.stringify(outcome.violations)}`);
    assert.ok(outcome.directives.has('script-src-attr'), `inline handler refused: ${JSON.stringify(outcome.violations)}`);
    assert.ok(outcome.directives.has('script-src'), `eval refused: ${JSON.stringify(outcome.violations)}`);
    assert.deepEqual(panel.dialogs, []);
    await panel.page.context().close();
  });
});
