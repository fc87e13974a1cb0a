// Kubernetes label selector strings: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`,
// `a>1`, `a<1`, comma-separated (all must hold). An empty selector matches everything.

import { preview } from './untrustedText';
import { t } from '../shared/l10n';

export type LabelSelector = { ok: true; matches(labels: Record<string, string>): boolean } | { ok: false; error: string };

type Requirement =
  | { op: 'exists' | 'not-exists'; key: string }
  | { op: '=' | '!='; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: ReadonlySet<string> }
  | { op: '>' | '<'; key: string; value: number };

type Token = { kind: 'ident' | '!' | '=' | '==' | '!=' | '(' | ')' | ',' | '>' | '<' | 'end'; text: string; at: number };

const NAME = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
const SUBDOMAIN_LABEL = '[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?';
const SUBDOMAIN = new RegExp(`^${SUBDOMAIN_LABEL}(?:\\.${SUBDOMAIN_LABEL})*$`);
const INTEGER = /^-?\d+$/;

class SelectorError extends Error {}

function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] ?? '';
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const two = s.slice(i, i + 2);
    if (two === '==' || two === '!=') {
      tokens.push({ kind: two, text: two, at: i });
      i += 2;
      continue;
    }
    if (c === '!' || c === '=' || c === '(' || c === ')' || c === ',' || c === '>' || c === '<') {
      tokens.push({ kind: c, text: c, at: i });
      i++;
      continue;
    }
    const start = i;
    while (i < s.length && !' \t\n\r!=(),<>'.includes(s[i] ?? ' ')) {
      i++;
    }
    tokens.push({ kind: 'ident', text: s.slice(start, i), at: start });
  }
  tokens.push({ kind: 'end', text: '', at: s.length });
  return tokens;
}

function describe(token: Token): string {
  return token.kind === 'end' ? t('the end') : t('"{0}" at position {1}', token.text, token.at + 1);
}

function checkKey(key: string): string {
  const slash = key.indexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  if (!NAME.test(name) || (prefix !== undefined && (prefix.length > 253 || !SUBDOMAIN.test(prefix)))) {
    throw new SelectorError(t('invalid label key "{0}"', key));
  }
  return key;
}

function checkValue(value: string): string {
  if (value !== '' && !NAME.test(value)) {
    throw new SelectorError(t('invalid label value "{0}"', value));
  }
  return value;
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.index] ?? { kind: 'end', text: '', at: 0 };
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') {
      this.index++;
    }
    return token;
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    if (this.peek().kind === 'end') {
      return requirements;
    }
    for (;;) {
      requirements.push(this.requirement());
      const token = this.next();
      if (token.kind === 'end') {
        return requirements;
      }
      if (token.kind !== ',') {
        throw new SelectorError(t("expected ',' or the end but found {0}", describe(token)));
      }
    }
  }

  private key(): string {
    const token = this.next();
    if (token.kind !== 'ident') {
      throw new SelectorError(t('expected a label key but found {0}', describe(token)));
    }
    return checkKey(token.text);
  }

  private requirement(): Requirement {
    if (this.peek().kind === '!') {
      this.next();
      return { op: 'not-exists', key: this.key() };
    }
    const key = this.key();
    const op = this.peek();
    switch (op.kind) {
      case 'end':
      case ',':
        return { op: 'exists', key };
      case '=':
      case '==':
      case '!=': {
        this.next();
        const value = this.peek().kind === 'ident' ? this.next().text : '';
        return { op: op.kind === '!=' ? '!=' : '=', key, value: checkValue(value) };
      }
      case '>':
      case '<': {
        this.next();
        const token = this.next();
        if (token.kind !== 'ident' || !INTEGER.test(token.text)) {
          throw new SelectorError(t("expected an integer after '{0}' but found {1}", op.kind, describe(token)));
        }
        return { op: op.kind, key, value: Number(token.text) };
      }
      case 'ident':
        if (op.text === 'in' || op.text === 'notin') {
          this.next();
          return { op: op.text, key, values: this.valueSet(op.text) };
        }
        break;
      default:
        break;
    }
    throw new SelectorError(t('expected an operator (=, ==, !=, in, notin) or \',\' after "{0}" but found {1}', key, describe(op)));
  }

  private valueSet(op: string): Set<string> {
    const open = this.next();
    if (open.kind !== '(') {
      throw new SelectorError(t("expected '(' after '{0}' but found {1}", op, describe(open)));
    }
    const values = new Set<string>();
    for (;;) {
      const token = this.next();
      if (token.kind === ')' && values.size === 0) {
        throw new SelectorError(t("the set of values after '{0}' is empty", op));
      }
      if (token.kind !== 'ident') {
        throw new SelectorError(t("expected a value in the '{0}' set but found {1}", op, describe(token)));
      }
      values.add(checkValue(token.text));
      const after = this.next();
      if (after.kind === ')') {
        return values;
      }
      if (after.kind !== ',') {
        throw new SelectorError(t("expected ',' or ')' in the '{0}' set but found {1}", op, describe(after)));
      }
    }
  }
}

function holds(requirement: Requirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, requirement.key);
  const value = has ? labels[requirement.key] : undefined;
  switch (requirement.op) {
    case 'exists':
      return has;
    case 'not-exists':
      return !has;
    case '=':
      return has && value === requirement.value;
    case '!=':
      return !has || value !== requirement.value;
    case 'in':
      return has && value !== undefined && requirement.values.has(value);
    case 'notin':
      return !has || value === undefined || !requirement.values.has(value);
    case '>':
    case '<': {
      if (value === undefined || !INTEGER.test(value)) {
        return false;
      }
      const n = Number(value);
      return requirement.op === '>' ? n > requirement.value : n < requirement.value;
    }
  }
}

export function parseLabelSelector(s: string): LabelSelector {
  let requirements: Requirement[];
  try {
    requirements = new Parser(tokenize(s)).parse();
  } catch (error) {
    if (error instanceof SelectorError) {
      return { ok: false, error: t('{0} in label selector "{1}"', error.message, preview(s, 120)) };
    }
    throw error;
  }
  return {
    ok: true,
    matches: (labels: Record<string, string>): boolean => requirements.every((r) => holds(r, labels)),
  };
}
