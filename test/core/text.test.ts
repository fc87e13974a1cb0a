import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { preview, stripControlCharacters, truncate } from '../../src/core/untrustedText';

describe('stripControlCharacters', () => {
  test('removes C0/C1 controls, DEL and bidi overrides, keeps other text', () => {
    assert.equal(stripControlCharacters('a\u0000b\nc\td\u001be\u007ff\u0085g'), 'abcdefg');
    assert.equal(stripControlCharacters('\u202Eevil\u202C \u2066x\u2069 \u200Fy\u200E'), 'evil x y');
    assert.equal(stripControlCharacters('مدير-1 שלום ü 😀'), 'مدير-1 שלום ü 😀');
  });
});

describe('truncate', () => {
  test('leaves short strings alone', () => {
    assert.equal(truncate('abc', 3), 'abc');
    assert.equal(truncate('', 3), '');
  });

  test('cuts to max code points including the ellipsis', () => {
    assert.equal(truncate('abcd', 3), 'ab…');
    assert.equal(truncate('x'.repeat(10_000), 40), `${'x'.repeat(39)}…`);
    assert.equal(truncate('abcd', 1), '…');
    assert.equal(truncate('abcd', 0), '');
  });

  test('counts surrogate pairs as one and never splits them', () => {
    assert.equal(truncate('😀😀😀', 3), '😀😀😀');
    assert.equal(truncate('😀😀😀😀', 3), '😀😀…');
    const cut = truncate('😀'.repeat(50), 40);
    assert.equal(Array.from(cut).length, 40);
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(cut), 'no lone high surrogate');
  });
});

describe('preview', () => {
  test('strips and shortens', () => {
    assert.equal(preview(`\u0001${'y'.repeat(100)}`, 10), `${'y'.repeat(9)}…`);
  });
});
