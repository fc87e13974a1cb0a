// The panel in Russian: given the Russian string table and language in its HTML (as the host puts
// them), it shows no English message of its own (every visible text, title, label and placeholder
// is compared with the English messages of the bundle), and writes dates, durations, relative
// times, plurals and numbers the Russian way.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../harness/repoRoot';
import { Harness, type PanelPage } from './harness';
import { key, realisticSnapshot, snapshotMessage } from '../support/followSnapshots';

const bundle = JSON.parse(readFileSync(join(REPO_ROOT, 'l10n/bundle.l10n.ru.json'), 'utf8')) as Record<string, string>;

/**
 * The English messages, each plural form on its own, less those the Russian writes the same way
 * (a few, like "Lease" or "{0} Lease", are the same words in both).
 */
const english = Object.entries(bundle).flatMap(([message, russian]) => {
  const same = new Set(russian.split('|'));
  return message.split('|').filter((form) => !same.has(form));
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A whole text written from an English message (each plural form), placeholders standing for anything. */
const wholeMessages = english
  .filter((form) => (form.replace(/\{\d+\}/g, '').match(/[A-Za-z]/g) ?? []).length >= 4)
  .map((form) => ({
    form,
    test: new RegExp(
      `^${form
        .split(/\{\d+\}/)
        .map(escapeRegExp)
        .join('.+?')}$`,
      's',
    ),
  }));

/** Pieces of English messages long enough to be told apart from cluster data: two words or more. */
const englishPieces = [
  ...new Set(
    english
      .flatMap((form) => form.split(/\{\d+\}/))
      .map((piece) => piece.trim())
      .filter((piece) => piece.length >= 12 && /[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(piece)),
  ),
];

/** What cluster data the panel shows (names, identities, log lines, Event texts): not ours to translate. */
const clusterData = [
  '.log-text',
  '.log-pod',
  '.event-message',
  '.events-grid vscode-data-grid-cell[grid-column="2"]',
  '.events-grid vscode-data-grid-cell[grid-column="3"]',
  '.events-grid vscode-data-grid-cell[grid-column="4"]',
  '.lease-name',
  '.where-value',
  '.holder-name',
  '.holder-identity',
  '.holder-pod strong',
  '.pod-name',
  '.term-holder',
  'code',
].join(', ');

/** Every text node and every title, aria-label and placeholder of the panel, outside cluster data. */
async function visibleTexts(panel: PanelPage): Promise<string[]> {
  return panel.page.evaluate((skip) => {
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      if (text && !node.parentElement?.closest(skip) && !node.parentElement?.closest('script, style')) {
        texts.push(text);
      }
    }
    for (const el of Array.from(document.body.querySelectorAll('[title], [aria-label], [placeholder]'))) {
      if (el.closest(skip)) {
        continue;
      }
      for (const attr of ['title', 'aria-label', 'placeholder']) {
        const value = el.getAttribute(attr)?.trim();
        if (value) {
          texts.push(value);
        }
      }
    }
    return texts;
  }, clusterData);
}

describe('panel: in Russian', () => {
  let harness: Harness;
  before(async () => {
    harness = await Harness.start();
  });
  after(async () => harness?.close());

  test('shows no English message and reads dates, durations, plurals and numbers in Russian', async () => {
    const panel = await harness.open({ language: 'ru' });
    assert.equal(await panel.page.getAttribute('html', 'lang'), 'ru');
    const now = Date.now();
    const snapshot = realisticSnapshot(now);
    const threeDaysAgo = now - 3 * 24 * 3600_000;
    snapshot.events = [
      ...snapshot.events,
      { uid: 'old', time: threeDaysAgo, type: 'Normal', reason: 'LeaderElection', message: 'old', source: 'kcm', count: 3 },
    ];
    snapshot.timeline.terms[0] = { ...snapshot.timeline.terms[0], renewals: 12_345 };
    assert.equal(snapshot.key, key);
    await panel.send(snapshotMessage(snapshot, now));
    await panel.page.waitForSelector('.history-table tbody tr.term');
    await panel.page.waitForSelector('.events-grid vscode-data-grid-row.event');
    await panel.waitForLogs((texts) => texts.length > 5, 'the snapshot’s lines');
    await panel.settle();

    const texts = await visibleTexts(panel);
    assert.ok(texts.length > 60, `collected the panel's texts (${texts.length})`);
    const whole = texts.flatMap((text) =>
      wholeMessages.filter((m) => m.test.test(text)).map((m) => `${JSON.stringify(text)} is "${m.form}"`),
    );
    assert.deepEqual(whole, [], 'no text is an English message');
    const joined = texts.join('\n');
    assert.deepEqual(
      englishPieces.filter((piece) => joined.includes(piece)),
      [],
      'no text holds a piece of an English message',
    );
    // Our own words are there, in Russian.
    for (const russian of ['История лидерства', 'Журналы контроллера', 'Поды-кандидаты', 'Владелец', 'Осталось']) {
      assert.ok(texts.includes(russian), `${russian} is shown`);
    }

    // Durations: the countdown and the failover gaps ("17 с без лидера").
    const countdown = (await panel.page.locator('.countdown-value').textContent()) ?? '';
    assert.match(countdown, /^(\d+ с|\d+ мин \d\d с)$/, `countdown ${countdown}`);
    const gaps = await panel.page.$$eval('.history-table td.gap', (els) => els.map((el) => el.textContent ?? ''));
    assert.ok(
      gaps.some((g) => /^\d+ с без лидера$/.test(g)),
      `gaps ${JSON.stringify(gaps)}`,
    );
    // Relative times ("4 минуты назад") and a date that is not today ("29 нояб. 14:03:12").
    const relative = await panel.page.$$eval('.rel', (els) => els.map((el) => el.textContent ?? ''));
    assert.ok(relative.length > 3 && relative.every((r) => /назад|через|только что/.test(r)), `relative ${JSON.stringify(relative)}`);
    const times = await panel.page.$$eval('.events-grid vscode-data-grid-cell[grid-column="1"] span[title]', (els) =>
      els.map((el) => el.textContent ?? ''),
    );
    assert.ok(
      times.some((time) => /^\d{1,2} [а-я]{3,5}\.? \d\d:\d\d:\d\d$/.test(time)),
      `a date in Russian among ${JSON.stringify(times)}`,
    );
    // Plurals and numbers: "2 перезапуска", "12 345" (a no-break space groups the thousands).
    const facts = await panel.page.$$eval('.pod-facts', (els) => els.map((el) => el.textContent ?? ''));
    assert.ok(
      facts.some((f) => f.includes('2 перезапуска')),
      `pod facts ${JSON.stringify(facts)}`,
    );
    const renewals = await panel.page.$$eval('.history-table td.num', (els) => els.map((el) => el.textContent ?? ''));
    assert.ok(renewals.includes('12\u00a0345'), `renewals ${JSON.stringify(renewals)}`);
    assert.deepEqual(panel.pageErrors, []);
  });

  test('the same panel in English shows the English messages (the table makes the difference)', async () => {
    const panel = await harness.open();
    assert.equal(await panel.page.getAttribute('html', 'lang'), 'en');
    const now = Date.now();
    await panel.send(snapshotMessage(realisticSnapshot(now), now));
    await panel.page.waitForSelector('.history-table tbody tr.term');
    const texts = await visibleTexts(panel);
    for (const message of ['Leadership history', 'Controller logs', 'Candidate pods', 'Holder', 'Time left']) {
      assert.ok(texts.includes(message), `${message} is shown`);
    }
    const countdown = (await panel.page.locator('.countdown-value').textContent()) ?? '';
    assert.match(countdown, /^(\d+s|\d+m \d\ds)$/);
  });
});
