// Safe to open any folder: the manifest declares Workspace Trust support (limited: off in
// Restricted Mode), restricts every setting that names a file, a command or a selector, says what a
// virtual workspace gets, keeps leaseLens.kubeconfig out of a folder's reach ("machine" scope),
// and the view explains Restricted Mode with a way to trust the folder.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { settingKeys } from '../../src/shared/settings';
import { root } from './build';

interface Manifest {
  capabilities?: {
    untrustedWorkspaces?: { supported?: unknown; description?: string; restrictedConfigurations?: string[] };
    virtualWorkspaces?: boolean | { supported?: unknown; description?: string };
  };
  contributes: {
    configuration: { properties: Record<string, { scope?: string }> };
    viewsWelcome: Array<{ view: string; contents: string; when?: string }>;
  };
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;

/** A manifest string as English readers see it: `%key%` looked up in package.nls.json. */
function text(value: string | undefined): string {
  const key = /^%(.+)%$/.exec(value ?? '')?.[1];
  return key === undefined ? (value ?? '') : (nls[key] ?? '');
}

describe('workspace trust in the manifest', () => {
  test('untrusted workspaces: limited, with a description', () => {
    const untrusted = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, 'limited');
    assert.match(text(untrusted?.description), /Restricted Mode/);
  });

  test('the settings that name a file, a command or a selector are restricted', () => {
    const restricted = manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? [];
    for (const key of [settingKeys.kubeconfig, settingKeys.contexts, settingKeys.namespaces, settingKeys.podSelectors]) {
      assert.ok(restricted.includes(key), `${key} is restricted`);
    }
    const declared = Object.keys(manifest.contributes.configuration.properties);
    for (const key of restricted) {
      assert.ok(declared.includes(key), `${key} (restricted) is a declared setting`);
    }
  });

  test('virtual workspaces are declared: not supported, or limited with a description', () => {
    const virtual = manifest.capabilities?.virtualWorkspaces;
    assert.ok(virtual !== undefined, 'capabilities.virtualWorkspaces is declared');
    if (typeof virtual === 'object') {
      assert.equal(virtual.supported, 'limited');
      assert.match(text(virtual.description), /kubeconfig/);
    } else {
      assert.equal(virtual, false);
    }
  });

  test("leaseLens.kubeconfig has the machine scope: a folder's settings cannot set it", () => {
    assert.equal(manifest.contributes.configuration.properties[settingKeys.kubeconfig]?.scope, 'machine');
  });

  test('the Leases view explains Restricted Mode and links to Manage Workspace Trust', () => {
    const welcome = manifest.contributes.viewsWelcome.find((w) => w.when === '!isWorkspaceTrusted');
    assert.ok(welcome, 'a welcome entry for untrusted folders');
    assert.match(text(welcome.contents), /not trusted/);
    assert.match(text(welcome.contents), /\(command:workbench\.trust\.manage\)/);
  });
});
