// The settings table (src/shared/settings.ts) and package.json's contributes.configuration agree:
// the same keys both ways, and for each the same type, default, minimum, maximum and enum values.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { settingKeys, settingsSection, settingTable, type SettingSpec } from '../../src/shared/settings';
import { root } from './build';

interface DeclaredSetting {
  type?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
}

interface Manifest {
  contributes: { configuration: { properties: Record<string, DeclaredSetting> } };
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const declared = manifest.contributes.configuration.properties;
const table: SettingSpec[] = Object.values(settingTable);

describe('settings table', () => {
  test('every setting in the table is declared, and every declared setting is in the table', () => {
    assert.deepEqual(table.map((s) => s.key).sort(), Object.keys(declared).sort());
  });

  test('every setting read is declared', () => {
    for (const key of Object.values(settingKeys)) {
      assert.ok(Object.hasOwn(declared, key), `${key} is declared in contributes.configuration`);
    }
  });

  test('keys are unique and in the leaseLens section', () => {
    assert.equal(new Set(table.map((s) => s.key)).size, table.length);
    for (const spec of table) {
      assert.ok(spec.key.startsWith(`${settingsSection}.`), spec.key);
    }
  });

  test('type, default, minimum, maximum and enum match the declaration', () => {
    for (const spec of table) {
      const d = declared[spec.key];
      assert.ok(d, `${spec.key} is declared`);
      assert.equal(d.type, spec.type, `${spec.key}: type`);
      assert.deepEqual(d.default, spec.default, `${spec.key}: default`);
      assert.equal(d.minimum, 'minimum' in spec ? spec.minimum : undefined, `${spec.key}: minimum`);
      assert.equal(d.maximum, 'maximum' in spec ? spec.maximum : undefined, `${spec.key}: maximum`);
      assert.deepEqual(d.enum, 'enum' in spec && spec.enum ? [...spec.enum] : undefined, `${spec.key}: enum`);
    }
  });
});
