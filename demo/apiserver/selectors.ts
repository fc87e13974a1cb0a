// Label selectors (=, ==, !=, in, notin, exists, !exists, gt, lt) and field selectors (=, ==, !=,
// comma-separated, backslash escapes), parsed and matched like apimachinery's labels/fields.
import { badRequest } from './status';

type LabelOp = 'exists' | 'notexists' | 'eq' | 'neq' | 'in' | 'notin' | 'gt' | 'lt';
interface LabelRequirement {
  key: string;
  op: LabelOp;
  values: string[];
}

export type LabelSelector = LabelRequirement[];

const identRe = /^[A-Za-z0-9._/-]+/;

function tokenize(input: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      i++;
      continue;
    }
    const two = input.slice(i, i + 2);
    if (two === '==' || two === '!=') {
      tokens.push(two);
      i += 2;
      continue;
    }
    if ('=!(),<>'.includes(c)) {
      tokens.push(c);
      i++;
      continue;
    }
    const m = identRe.exec(input.slice(i));
    if (!m) {
      throw badRequest(`unable to parse requirement: found '${c}', expected: identifier`);
    }
    tokens.push(m[0]);
    i += m[0].length;
  }
  return tokens;
}

const keyRe = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const valueRe = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function checkKey(key: string): void {
  if (!keyRe.test(key) || key.length > 316) {
    throw badRequest(
      `unable to parse requirement: <nil>: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    );
  }
}

function checkValue(key: string, v: string): void {
  if (!valueRe.test(v) || v.length > 63) {
    throw badRequest(
      `unable to parse requirement: values[0][${key}]: Invalid value: "${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
  }
}

export function parseLabelSelector(input: string | undefined | null): LabelSelector {
  if (!input || !input.trim()) {
    return [];
  }
  const t = tokenize(input);
  let p = 0;
  const peek = (): string | undefined => t[p];
  const next = (): string | undefined => t[p++];
  const isIdent = (s: string | undefined): s is string => s !== undefined && identRe.test(s) && s !== 'in' && s !== 'notin';
  const expect = (what: string): never => {
    throw badRequest(`unable to parse requirement: found '${peek() ?? ''}', expected: ${what}`);
  };
  const reqs: LabelRequirement[] = [];
  for (;;) {
    let negate = false;
    if (peek() === '!') {
      negate = true;
      next();
    }
    const key = next();
    if (!isIdent(key)) {
      p--;
      return expect('identifier');
    }
    checkKey(key);
    if (negate) {
      reqs.push({ key, op: 'notexists', values: [] });
    } else {
      const op = peek();
      if (op === undefined || op === ',') {
        reqs.push({ key, op: 'exists', values: [] });
      } else if (op === '=' || op === '==' || op === '!=' || op === '>' || op === '<') {
        next();
        const v = peek();
        let value = '';
        if (v !== undefined && v !== ',') {
          value = next() ?? '';
        }
        if (op === '>' || op === '<') {
          if (!/^-?\d+$/.test(value)) {
            throw badRequest(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
          }
        } else {
          checkValue(key, value);
        }
        const kind: LabelOp = op === '!=' ? 'neq' : op === '>' ? 'gt' : op === '<' ? 'lt' : 'eq';
        reqs.push({ key, op: kind, values: [value] });
      } else if (op === 'in' || op === 'notin') {
        next();
        if (next() !== '(') {
          p--;
          return expect("'('");
        }
        const values: string[] = [];
        for (;;) {
          const v = peek();
          if (v === ')') {
            next();
            break;
          }
          if (v === ',') {
            next();
            continue;
          }
          if (!isIdent(v)) {
            return expect("',' or ')'");
          }
          checkValue(key, v);
          values.push(v);
          next();
        }
        reqs.push({ key, op: op === 'in' ? 'in' : 'notin', values });
      } else {
        return expect("'=', '!=', '==', 'in', notin'");
      }
    }
    const sep = next();
    if (sep === undefined) {
      break;
    }
    if (sep !== ',') {
      p--;
      return expect("','");
    }
  }
  return reqs;
}

export function matchLabels(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  for (const r of sel) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = has ? labels[r.key] : undefined;
    switch (r.op) {
      case 'exists':
        if (!has) {
          return false;
        }
        break;
      case 'notexists':
        if (has) {
          return false;
        }
        break;
      case 'eq':
        if (v !== r.values[0]) {
          return false;
        }
        break;
      case 'neq':
        if (v === r.values[0]) {
          return false;
        }
        break;
      case 'in':
        if (v === undefined || !r.values.includes(v)) {
          return false;
        }
        break;
      case 'notin':
        if (v !== undefined && r.values.includes(v)) {
          return false;
        }
        break;
      case 'gt':
      case 'lt': {
        if (v === undefined || !/^-?\d+$/.test(v)) {
          return false;
        }
        const n = Number(v);
        const lim = Number(r.values[0]);
        if (r.op === 'gt' ? !(n > lim) : !(n < lim)) {
          return false;
        }
        break;
      }
    }
  }
  return true;
}

export interface FieldTerm {
  field: string;
  value: string;
  negate: boolean;
}

export type FieldSelector = FieldTerm[];

function splitUnescaped(s: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
    } else if (c === sep) {
      parts.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  parts.push(cur);
  return parts;
}

function unescape(v: string, whole: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '\\') {
      const n = v[i + 1];
      if (n === '\\' || n === ',' || n === '=') {
        out += n;
        i++;
        continue;
      }
      throw badRequest(`invalid field selector: invalid escape sequence: \\${n ?? ''} in '${whole}'`);
    }
    if (c === ',' || c === '=') {
      throw badRequest(`invalid field selector: unescaped ${c} in '${whole}'`);
    }
    out += c;
  }
  return out;
}

/**
 * Parses a field selector; `supported` names the field labels this resource knows and
 * `unsupported(label)` builds the resource's own error message for any other label.
 */
export function parseFieldSelector(
  input: string | undefined | null,
  supported: ReadonlySet<string>,
  unsupported: (label: string) => string,
): FieldSelector {
  if (!input || !input.trim()) {
    return [];
  }
  const terms: FieldTerm[] = [];
  for (const raw of splitUnescaped(input, ',')) {
    if (raw === '') {
      continue;
    }
    let term: FieldTerm | undefined;
    for (const op of ['!=', '==', '=']) {
      const at = raw.indexOf(op);
      if (at >= 0) {
        term = { field: raw.slice(0, at).trim(), value: unescape(raw.slice(at + op.length), raw), negate: op === '!=' };
        break;
      }
    }
    if (!term) {
      throw badRequest(`invalid selector: '${input}'; can't understand '${raw}'`);
    }
    if (!supported.has(term.field)) {
      throw badRequest(unsupported(term.field));
    }
    terms.push(term);
  }
  return terms;
}

export function matchFields(sel: FieldSelector, value: (field: string) => string): boolean {
  for (const t of sel) {
    const v = value(t.field);
    if (t.negate ? v === t.value : v !== t.value) {
      return false;
    }
  }
  return true;
}

/** The namespace a field selector pins with `metadata.namespace=x` (lets a list use one namespace). */
export function pinnedValue(sel: FieldSelector, field: string): string | undefined {
  return sel.find((t) => t.field === field && !t.negate)?.value;
}
