// Lease Lens in every language: the manifest's strings are package.nls.json keys with a Russian
// entry each; every message of the code (vscode.l10n.t, the shared t/tn, the panel's tNodes: host,
// server and panel alike) has a Russian translation in l10n/bundle.l10n.ru.json with the same
// placeholders; and no English literal is left where the user sees it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { root } from './build';
import { messagesIn, untranslatedLiterals, type Found } from './l10nMessages';

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(join(root, path), 'utf8')) as T;
}

interface Manifest {
  description: string;
  l10n?: string;
  capabilities?: Record<string, { description?: string }>;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    views: Record<string, { id: string; name: string }[]>;
    viewsWelcome: { view: string; contents: string }[];
    languages: { id: string; aliases?: string[] }[];
    configuration: {
      properties: Record<
        string,
        { description?: string; markdownDescription?: string; enumDescriptions?: string[]; markdownEnumDescriptions?: string[] }
      >;
    };
  };
}

const manifest = readJson<Manifest>('package.json');
const nls = readJson<Record<string, string>>('package.nls.json');
const nlsRu = readJson<Record<string, string>>('package.nls.ru.json');
const bundleRu = readJson<Record<string, string>>('l10n/bundle.l10n.ru.json');
const placeholder = /^%([^%\s]+)%$/;

/** Every string of the manifest, with its JSON path. */
function manifestStrings(value: unknown, path = ''): Array<{ path: string; text: string }> {
  if (typeof value === 'string') {
    return [{ path, text: value }];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => manifestStrings(item, `${path}[${i}]`));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => manifestStrings(item, path ? `${path}.${key}` : key));
  }
  return [];
}

/** The manifest fields VS Code shows to users, which must be %key% placeholders. */
function userFacingFields(): Array<{ path: string; text: string | undefined }> {
  const c = manifest.contributes;
  const fields: Array<{ path: string; text: string | undefined }> = [{ path: 'description', text: manifest.description }];
  for (const [name, capability] of Object.entries(manifest.capabilities ?? {})) {
    fields.push({ path: `capabilities.${name}.description`, text: capability.description });
  }
  for (const command of c.commands) {
    fields.push({ path: `command ${command.command}: title`, text: command.title });
  }
  for (const view of Object.values(c.views).flat()) {
    fields.push({ path: `view ${view.id}: name`, text: view.name });
  }
  c.viewsWelcome.forEach((welcome, i) => fields.push({ path: `viewsWelcome[${i}]: contents`, text: welcome.contents }));
  for (const language of c.languages) {
    fields.push({ path: `language ${language.id}: alias`, text: language.aliases?.[0] });
  }
  for (const [key, setting] of Object.entries(c.configuration.properties)) {
    const description = setting.markdownDescription ?? setting.description;
    fields.push({ path: `setting ${key}: description`, text: description });
    [...(setting.enumDescriptions ?? []), ...(setting.markdownEnumDescriptions ?? [])].forEach((text, i) =>
      fields.push({ path: `setting ${key}: enum description ${i}`, text }),
    );
  }
  return fields;
}

/** `{0}`, `{1}`… of a message, sorted and unique. */
function placeholders(text: string): string[] {
  return [...new Set(text.match(/\{\d+\}/g) ?? [])].sort();
}

function list(found: readonly Found[]): string {
  return found.map((f) => `\n  ${f.where}: ${JSON.stringify(f.text)}`).join('');
}

/**
 * Literals that may stay English where the scan of l10nMessages.ts sees them, each for a reason:
 * names, protocol words, markup and the developer's own errors, never sentences for the user.
 */
const allowed: ReadonlyArray<{ text: RegExp; why: string }> = [
  { text: /^Lease Lens( Server)?$/, why: 'the product’s name (output channel, language client, document symbol provider)' },
  {
    text: /^(Lease|Normal|Deployment|Job|Evicted|Killing|Error|Endpoints|Pod)$/,
    why: 'Kubernetes words: kinds (Lease, Deployment, Job, Endpoints, Pod), an Event type, Event and container reasons',
  },
  { text: /^npm install && npm start$|^\{\}kubectl \{\}$/, why: 'commands to type, copied as they are' },
  { text: /^(GET|HTTP|Bearer) \{\}$|^Bearer <redacted>$|^<redacted( token| private key)?>$/, why: 'HTTP words and the redaction marks' },
  { text: /^\[server\] \{\}$/, why: 'the prefix of the server’s lines in the output log' },
  { text: /^\/apis\/coordination\.k8s\.io: \{\} \{\}$/, why: 'an API path, a status and the API server’s words: an output log line' },
  { text: /^(static pods|pod|Deployment|pods matching) \{\}$/, why: 'podCandidates’ workload name, not shown' },
  { text: /^(read the kubeconfig|watch \{\}|failed to start)$/, why: 'words of output log lines' },
  { text: /^(disposables failed to dispose|listeners failed|the Lease server is not initialized)$/, why: 'internal errors' },
  { text: /^(panelHtml|dom): /, why: 'programming errors of the panel HTML and DOM helpers' },
  { text: /^(default|img|style|font|script)-src |^require-trusted-types-for |^trusted-types |^(base-uri|form-action) /, why: 'CSP' },
  { text: /^\s*<(!DOCTYPE|link|meta)/, why: 'the panel’s HTML shell' },
  { text: /^minmax\(/, why: 'CSS grid columns' },
  {
    text: /^(not a regular file|not JSON|not a leadership record file of this context|a record does not parse|\{\} (bytes|records), more than this code writes)$/,
    why: 'why a leadership record file was ignored: words of an output log line',
  },
  { text: /^svg: /, why: 'programming errors of the SVG helpers' },
  {
    text: /^(Lease server statistics \(JSON\): |Lease server \{\}: RSS |Leadership records: |Following \{\}: \{\} pod|Sent to the extension host: )/,
    why: '"Show Lease Server Statistics": output log lines (serverStatsText.ts)',
  },
  { text: /^xMinYMin meet$|^term current$/, why: 'an SVG attribute value and CSS class names' },
];

describe('localisation', () => {
  test('package.json names its l10n folder, and every %key% in it is in package.nls.json and package.nls.ru.json', () => {
    assert.equal(manifest.l10n, './l10n');
    const keys = manifestStrings(manifest).flatMap(({ path, text }) => {
      const key = placeholder.exec(text)?.[1];
      return key ? [{ path, key }] : [];
    });
    assert.ok(keys.length > 30, `the manifest uses its nls keys (${keys.length})`);
    for (const { path, key } of keys) {
      assert.ok(typeof nls[key] === 'string' && nls[key] !== '', `${path}: %${key}% is in package.nls.json`);
      assert.ok(typeof nlsRu[key] === 'string' && nlsRu[key] !== '', `${path}: %${key}% is in package.nls.ru.json`);
    }
    assert.deepEqual(Object.keys(nlsRu).sort(), Object.keys(nls).sort(), 'package.nls.ru.json has the keys of package.nls.json');
    const used = new Set(keys.map((k) => k.key));
    assert.deepEqual(
      Object.keys(nls).filter((key) => !used.has(key)),
      [],
      'every package.nls.json key is used',
    );
  });

  test('every title, name, welcome text and description VS Code shows from the manifest is a %key%', () => {
    const literal = userFacingFields().filter((f) => f.text === undefined || !placeholder.test(f.text));
    assert.deepEqual(
      literal.map((f) => `${f.path}: ${JSON.stringify(f.text)}`),
      [],
      'add the text to package.nls.json and package.nls.ru.json and write %key% in package.json',
    );
  });

  test('every message of src/ and webview/ (host, server, panel) has a Russian translation, and the bundle holds no other', () => {
    const { messages, computed } = messagesIn();
    assert.deepEqual(computed, [], `messages must be literals so that they can be checked:${list(computed)}`);
    assert.ok(messages.length > 300, `found the messages (${messages.length})`);
    const missing = messages.filter((m) => typeof bundleRu[m.text] !== 'string' || bundleRu[m.text] === '');
    assert.deepEqual(missing, [], `add to l10n/bundle.l10n.ru.json:${list(missing)}`);
    const used = new Set(messages.map((m) => m.text));
    assert.deepEqual(
      Object.keys(bundleRu).filter((key) => !used.has(key)),
      [],
      'no message of the Russian bundle is left over',
    );
  });

  test('each translation fills the same placeholders, and plural messages have the four Russian forms', () => {
    const ruForms = new Intl.PluralRules('ru').resolvedOptions().pluralCategories.length;
    for (const [english, russian] of Object.entries(bundleRu)) {
      assert.deepEqual(placeholders(russian), placeholders(english), `placeholders of ${JSON.stringify(english)}`);
      if (english.includes('|')) {
        assert.equal(russian.split('|').length, ruForms, `${JSON.stringify(english)}: one|few|many|other`);
        for (const form of russian.split('|')) {
          assert.ok(form.includes('{0}'), `${JSON.stringify(form)} shows the count`);
        }
      } else {
        assert.ok(!russian.includes('|'), `${JSON.stringify(english)} is not a plural message`);
      }
    }
  });

  test('a command named in a message is named by its translated title', () => {
    const titles = manifest.contributes.commands.map((command) => {
      const key = placeholder.exec(command.title)?.[1] ?? '';
      return { en: nls[key] ?? command.title, ru: nlsRu[key] ?? command.title };
    });
    let named = 0;
    for (const [english, russian] of Object.entries(bundleRu)) {
      for (const title of titles) {
        if (english.includes(`Lease Lens: ${title.en}`)) {
          named++;
          assert.ok(russian.includes(`Lease Lens: ${title.ru}`), `${JSON.stringify(russian)} names «Lease Lens: ${title.ru}»`);
        }
      }
    }
    assert.ok(named >= 5, `messages name commands (${named})`);
  });

  test('no English literal is left outside l10n where users see text', () => {
    const left = untranslatedLiterals().filter((f) => !allowed.some((a) => a.text.test(f.text)));
    assert.deepEqual(left, [], `translate these with vscode.l10n.t (src/client) or t() (src/shared/l10n.ts):${list(left)}`);
  });
});
