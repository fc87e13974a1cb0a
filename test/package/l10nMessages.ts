// Every message Lease Lens shows through localisation, read from the sources with the TypeScript
// parser: the first argument of `vscode.l10n.t` and of the shared `t` (src/shared/l10n.ts), the
// plural message of `tn` and the message of the panel's `tNodes`. Also the English literals left
// where the user sees them: the UI positions in src/ and webview/ that hold a plain string.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from '../../harness/repoRoot';

export interface Found {
  /** `src/client/tree/leaseRow.ts:12` */
  where: string;
  text: string;
}

/** The translation functions, by how they are called, and which argument is the message. */
const messageArgument: Readonly<Record<string, number>> = { 'vscode.l10n.t': 0, 'l10n.t': 0, t: 0, tn: 1, tNodes: 0 };

/** Files that define or wrap the translation functions: their calls pass messages through. */
const wrappers = new Set(['src/shared/l10n.ts', 'src/client/l10n.ts', 'webview/l10n.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
    });
}

/** Every .ts file of src/ and webview/, as repository-relative paths. */
export function productFiles(): string[] {
  return [...sourceFiles(join(REPO_ROOT, 'src')), ...sourceFiles(join(REPO_ROOT, 'webview'))].map((p) => relative(REPO_ROOT, p));
}

function calleeName(node: ts.Expression): string {
  if (node.kind === ts.SyntaxKind.ThisKeyword) {
    return 'this';
  }
  if (ts.isIdentifier(node)) {
    return node.text;
  }
  return ts.isPropertyAccessExpression(node) ? `${calleeName(node.expression)}.${node.name.text}` : '';
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(join(REPO_ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
}

function where(source: ts.SourceFile, node: ts.Node): string {
  return `${source.fileName}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
}

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (child) => walk(child, visit));
}

export interface Messages {
  /** Each message with where it is used. */
  messages: Found[];
  /** Calls whose message is not a string literal (their message cannot be checked). */
  computed: Found[];
}

/** The messages of every translation call in `files`. */
export function messagesIn(files: readonly string[] = productFiles()): Messages {
  const messages: Found[] = [];
  const computed: Found[] = [];
  for (const file of files) {
    const source = parse(file);
    walk(source, (node) => {
      if (!ts.isCallExpression(node)) {
        return;
      }
      const index = messageArgument[calleeName(node.expression)];
      if (index === undefined) {
        return;
      }
      const arg = node.arguments[index];
      if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) {
        messages.push({ where: where(source, arg), text: arg.text });
      } else if (!wrappers.has(file)) {
        computed.push({ where: where(source, node), text: node.getText(source).slice(0, 120) });
      }
    });
  }
  return { messages, computed };
}

/** Calls whose arguments go to the "Lease Lens" output log (developer diagnostics, kept in English). */
const logCall = /(^|\.)(info|warn|error|debug|trace|note|log|logError|logInfo|appendLine)$/;

/** Words, not an identifier, a path, a class list, a CSS value or a codicon: two letters and a space, or a capitalised word. */
function looksLikeProse(text: string): boolean {
  const plain = text.replace(/\$\([a-z~-]+\)/g, '').trim();
  if (!/[A-Za-z]{2}/.test(plain)) {
    return false;
  }
  if (/^[a-z0-9{}._:/-]+$/.test(plain)) {
    return false; // one identifier, id, path or keyword
  }
  return /[A-Za-z]{2}.*\s/.test(plain) || /^[A-Z][a-z]+[.…]?$/.test(plain);
}

/** Text of a string or template literal, placeholders as `{}`. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return node.text;
  }
  if (ts.isTemplateExpression(node)) {
    return node.head.text + node.templateSpans.map((span) => `{}${span.literal.text}`).join('');
  }
  return undefined;
}

/** Attributes and properties that hold class lists, roles and layout, never words. */
const markupProperties = new Set([
  'class',
  'className',
  'role',
  'appearance',
  'grid-template-columns',
  'row-type',
  'cell-type',
  'generate-header',
]);

/** The node a literal is the value of, through `a ? 'x' : 'y'`, `x ?? 'y'` and parentheses. */
function valueHolder(node: ts.Node): { holder: ts.Node; child: ts.Node } {
  let child = node;
  let holder = node.parent;
  while (
    (ts.isConditionalExpression(holder) && holder.condition !== child) ||
    ts.isParenthesizedExpression(holder) ||
    (ts.isBinaryExpression(holder) && holder.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
  ) {
    child = holder;
    holder = holder.parent;
  }
  return { holder, child };
}

function propertyName(name: ts.Node): string {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : '';
}

/** Positions where a literal is a key, a comparison, a type or markup, never shown. */
function isSyntaxOnly(node: ts.Node): boolean {
  const { holder, child } = valueHolder(node);
  if (ts.isPropertyAssignment(holder) && holder.initializer === child && markupProperties.has(propertyName(holder.name))) {
    return true;
  }
  if (
    ts.isBinaryExpression(holder) &&
    holder.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isPropertyAccessExpression(holder.left) &&
    markupProperties.has(holder.left.name.text)
  ) {
    return true;
  }
  const parent = node.parent;
  return (
    (ts.isPropertyAssignment(parent) && parent.name === node) ||
    ts.isLiteralTypeNode(parent) ||
    ts.isElementAccessExpression(parent) ||
    ts.isCaseClause(parent) ||
    ts.isImportDeclaration(parent) ||
    ts.isExportDeclaration(parent) ||
    (ts.isBinaryExpression(parent) &&
      [
        ts.SyntaxKind.EqualsEqualsEqualsToken,
        ts.SyntaxKind.ExclamationEqualsEqualsToken,
        ts.SyntaxKind.EqualsEqualsToken,
        ts.SyntaxKind.ExclamationEqualsToken,
        ts.SyntaxKind.InKeyword,
      ].includes(parent.operatorToken.kind))
  );
}

/**
 * Plain English literals in `files`, outside any translation call: what is left for l10n. Not
 * counted: what goes to the output log (logCall), keys, comparisons and types.
 */
export function untranslatedLiterals(files: readonly string[] = productFiles()): Found[] {
  const found: Found[] = [];
  for (const file of files) {
    const source = parse(file);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const name = calleeName(node.expression);
        if (name in messageArgument) {
          // The message is translated; its other arguments may hold literals of their own.
          node.arguments.forEach((arg, i) => i !== messageArgument[name] && visit(arg));
          return;
        }
        if (logCall.test(name)) {
          return;
        }
      }
      const text = literalText(node);
      if (text !== undefined && !isSyntaxOnly(node) && looksLikeProse(text)) {
        found.push({ where: where(source, node), text });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}
