// The bundle and the manifest agree with the code. A loader check (dist/extension.js, built by
// scripts/build.mjs, loads in Node with a stand-in `vscode`), not a test of behaviour: the
// e2e tier (real VS Code) does that.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { commandIds, viewIds } from '../../src/client/commands/commandIds';
import { contextKeys } from '../../src/client/contextKeys';
import { leaseContextValue } from '../../src/client/tree/leaseRow';
import type { LeaseSpec } from '../../src/shared/types';
import { leaseInfo, schedulerRenew } from '../support/builders';
import { ensureBuilt, root } from './build';
import { requireWithVscodeStub } from './vscodeStub';

interface Manifest {
  main: string;
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string }>;
    views: Record<string, Array<{ id: string }>>;
    viewsWelcome: Array<{ view: string; when?: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    configuration: { properties: Record<string, unknown> };
  };
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      out.push(...sources(path));
    } else if (entry.endsWith('.ts')) {
      out.push(path);
    }
  }
  return out;
}

/** Every `leaseLens.…` string literal in src/client and src/extension.ts. */
function idsInCode(): Set<string> {
  const files = [...sources(join(root, 'src/client')), join(root, 'src/extension.ts')];
  const ids = new Set<string>();
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(/['"`](leaseLens\.[A-Za-z.]+)['"`:]/g)) {
      ids.add(m[1]!);
    }
  }
  return ids;
}

describe('bundle', () => {
  before(async () => {
    await ensureBuilt();
  });

  test('dist/extension.js loads with a stand-in vscode and exports activate/deactivate', () => {
    const extension = requireWithVscodeStub(join(root, manifest.main));
    assert.equal(typeof extension.activate, 'function');
    assert.equal(typeof extension.deactivate, 'function');
    const plain = createRequire(import.meta.url);
    assert.throws(() => plain('vscode'), /Cannot find module 'vscode'/, 'the stand-in served only that require');
  });
});

function leaseRowValue(spec: LeaseSpec, followed: boolean): string {
  return leaseContextValue(leaseInfo(spec, schedulerRenew, { name: 'name' }), followed);
}

describe('manifest', () => {
  const declaredCommands = new Set(manifest.contributes.commands.map((c) => c.command));
  const registered = new Set<string>(Object.values(commandIds));

  test('every registered command is declared and every declared command registered', () => {
    assert.deepEqual([...registered].sort(), [...declaredCommands].sort());
  });

  test('menus name only declared commands', () => {
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) {
        assert.ok(declaredCommands.has(item.command), `${menu} names ${item.command}`);
      }
    }
  });

  test('every leaseLens.* id in the code is a command, setting, view, panel type or context key', () => {
    const known = new Set<string>([
      ...declaredCommands,
      ...Object.keys(manifest.contributes.configuration.properties),
      ...Object.values(viewIds),
      ...Object.values(contextKeys),
    ]);
    for (const id of idsInCode()) {
      // `leaseLens.follow:` prefixes status bar item ids.
      if (id === 'leaseLens.follow') {
        continue;
      }
      assert.ok(known.has(id), `${id} (used in src/client) is declared somewhere`);
    }
  });

  test('when clauses use only the context keys the code sets', () => {
    const keys = new Set<string>(Object.values(contextKeys));
    const whens = [...Object.values(manifest.contributes.menus).flat(), ...manifest.contributes.viewsWelcome].map(
      (item) => item.when ?? '',
    );
    for (const when of whens) {
      for (const m of when.matchAll(/\b(leaseLens\.[A-Za-z.]+)/g)) {
        const id = m[1]!;
        if (id === viewIds.leases) {
          continue;
        }
        assert.ok(keys.has(id), `"${when}" uses ${id}, which the code never sets`);
      }
    }
  });

  test('tree item menus match the contextValues of the rows', () => {
    const items = manifest.contributes.menus['view/item/context'] ?? [];
    const matching = (contextValue: string): string[] =>
      items
        .filter((item) => {
          const m = /viewItem =~ \/(.*)\//.exec(item.when ?? '');
          return m !== null && new RegExp(m[1]!).test(contextValue);
        })
        .map((item) => item.command.replace('leaseLens.', ''));
    const heldLease = leaseRowValue({ holderIdentity: 'a' }, false);
    assert.deepEqual(
      new Set(matching(heldLease)),
      new Set([
        'followLease',
        'openControllerLogs',
        'showEvents',
        'openLeaseYaml',
        'copyHolderIdentity',
        'copyKubectlCommand',
        'copyIncidentSummary',
        'saveIncidentSummary',
        'generateMonitoring',
      ]),
    );
    const followed = leaseRowValue({ holderIdentity: 'a' }, true);
    assert.ok(matching(followed).includes('unfollowLease') && !matching(followed).includes('followLease'));
    const released = leaseRowValue({ holderIdentity: '' }, false);
    assert.ok(!matching(released).includes('copyHolderIdentity'));
    assert.deepEqual(matching('context.current'), ['refresh', 'showLeadershipEvents']);
    assert.deepEqual(matching('namespace'), []);
  });

  test('the view id matches', () => {
    const views = Object.values(manifest.contributes.views)
      .flat()
      .map((v) => v.id);
    assert.ok(views.includes(viewIds.leases));
    assert.ok(manifest.contributes.viewsWelcome.every((w) => w.view === viewIds.leases));
    assert.match(manifest.contributes.viewsWelcome[0]?.when ?? '', new RegExp(contextKeys.noKubeconfig.replace('.', '\\.')));
  });

  test('activation: on the view, the panel and the documents; never *', () => {
    const events = manifest.activationEvents;
    assert.ok(!events.includes('*'));
    assert.ok(events.includes(`onView:${viewIds.leases}`));
    assert.ok(events.includes(`onWebviewPanel:${viewIds.leasePanel}`));
    assert.ok(events.includes(`onWebviewPanel:${viewIds.health}`));
  });
});
