import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseLabelSelector } from '../../src/core/labelSelector';

function matches(selector: string, labels: Record<string, string>): boolean {
  const parsed = parseLabelSelector(selector);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return parsed.matches(labels);
}

function errorOf(selector: string): string {
  const parsed = parseLabelSelector(selector);
  assert.ok(!parsed.ok, `"${selector}" should not parse`);
  return parsed.error;
}

describe('parseLabelSelector', () => {
  const web = { app: 'web', tier: 'frontend', env: 'prod' };

  test('equality: =, == and !=', () => {
    assert.equal(matches('app=web', web), true);
    assert.equal(matches('app==web', web), true);
    assert.equal(matches('app=api', web), false);
    assert.equal(matches('app=web', {}), false);
    assert.equal(matches('app!=api', web), true);
    assert.equal(matches('app!=web', web), false);
    assert.equal(matches('app!=web', {}), true);
  });

  test('set membership: in and notin', () => {
    assert.equal(matches('env in (prod, staging)', web), true);
    assert.equal(matches('env in (dev)', web), false);
    assert.equal(matches('env in (prod)', {}), false);
    assert.equal(matches('env notin (dev,staging)', web), true);
    assert.equal(matches('env notin (prod)', web), false);
    assert.equal(matches('env notin (prod)', {}), true);
    assert.equal(matches('env in(prod)', web), true);
  });

  test('existence: key and !key', () => {
    assert.equal(matches('tier', web), true);
    assert.equal(matches('tier', {}), false);
    assert.equal(matches('!tier', web), false);
    assert.equal(matches('!tier', {}), true);
    assert.equal(matches('! tier', {}), true);
  });

  test('comma-separated requirements must all hold', () => {
    assert.equal(matches('app=web,tier,env in (prod),!canary', web), true);
    assert.equal(matches('app=web,canary', web), false);
    assert.equal(matches('  app = web  ,  tier  ', web), true);
    assert.equal(matches('component=kube-scheduler,tier=control-plane', { component: 'kube-scheduler', tier: 'control-plane' }), true);
  });

  test('prefixed keys and empty values', () => {
    assert.equal(matches('app.kubernetes.io/name=cert-manager', { 'app.kubernetes.io/name': 'cert-manager' }), true);
    assert.equal(matches('a=', { a: '' }), true);
    assert.equal(matches('a=', { a: 'x' }), false);
    assert.equal(matches('a=', {}), false);
    assert.equal(matches('a!=', { a: 'x' }), true);
  });

  test('numeric comparisons > and <', () => {
    assert.equal(matches('gen>5', { gen: '10' }), true);
    assert.equal(matches('gen>5', { gen: '5' }), false);
    assert.equal(matches('gen<5', { gen: '-1' }), true);
    assert.equal(matches('gen<5', { gen: 'x' }), false);
    assert.equal(matches('gen<5', {}), false);
  });

  test('an empty selector matches everything', () => {
    assert.equal(matches('', web), true);
    assert.equal(matches('   ', {}), true);
  });

  test('object prototype keys are not labels', () => {
    assert.equal(matches('constructor', {}), false);
    assert.equal(matches('!toString', {}), true);
    assert.equal(matches('hasOwnProperty notin (x)', {}), true);
  });

  test('errors say what was expected and where', () => {
    assert.equal(errorOf('app=web,'), 'expected a label key but found the end in label selector "app=web,"');
    assert.equal(errorOf(',app'), 'expected a label key but found "," at position 1 in label selector ",app"');
    assert.equal(
      errorOf('app web'),
      'expected an operator (=, ==, !=, in, notin) or \',\' after "app" but found "web" at position 5 in label selector "app web"',
    );
    assert.equal(errorOf('env in ()'), 'the set of values after \'in\' is empty in label selector "env in ()"');
    assert.equal(errorOf('env in (a'), "expected ',' or ')' in the 'in' set but found the end in label selector \"env in (a\"");
    assert.equal(errorOf('env notin a'), 'expected \'(\' after \'notin\' but found "a" at position 11 in label selector "env notin a"');
    assert.equal(errorOf('a>x'), 'expected an integer after \'>\' but found "x" at position 3 in label selector "a>x"');
    assert.equal(errorOf('app=web)'), 'expected \',\' or the end but found ")" at position 8 in label selector "app=web)"');
    assert.equal(errorOf('-app=web'), 'invalid label key "-app" in label selector "-app=web"');
    assert.equal(errorOf('Bad_Prefix/app=x'), 'invalid label key "Bad_Prefix/app" in label selector "Bad_Prefix/app=x"');
    assert.equal(errorOf(`a=${'v'.repeat(64)}`).startsWith(`invalid label value "${'v'.repeat(64)}"`), true);
    assert.equal(errorOf('!'), 'expected a label key but found the end in label selector "!"');
    assert.equal(errorOf('a=b=c'), 'expected \',\' or the end but found "=" at position 4 in label selector "a=b=c"');
  });

  test('long selectors are shortened in errors', () => {
    const error = errorOf(`a=b,${'x '.repeat(5000)}`);
    assert.ok(error.length < 400, String(error.length));
  });
});
