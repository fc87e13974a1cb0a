// Localisation for the code that cannot call `vscode.l10n.t` itself: src/core, the parts of
// src/client that run without VS Code (the tree model, status texts), the Lease server and the
// panel. Messages are their English text, as with `vscode.l10n.t`: `t('{0} left', '12s')`. Each
// process installs its translator once (useL10n): the extension host `vscode.l10n.t`, the server
// `@vscode/l10n` with the bundle the host hands over, the panel the table the host puts in its
// HTML. Until then, and for English, messages read as written.
//
// Plurals: a message holding `|` lists its forms by the CLDR categories the language has, in the
// order zero, one, two, few, many, other: English `'{0} restart|{0} restarts'` (one, other),
// Russian `'{0} перезапуск|{0} перезапуска|{0} перезапусков|{0} перезапуска'` (one, few, many, other).
// Pure: no vscode, no Node built-ins.

export type L10nArg = string | number | boolean;

/** Returns the message's translation, `{0}`, `{1}`… filled with `args` (the signature of `vscode.l10n.t`). */
export type Translate = (message: string, ...args: L10nArg[]) => string;

/** A bundle: English message → translation (`l10n/bundle.l10n.<language>.json`). */
export type L10nBundle = Readonly<Record<string, string>>;

/** What a process needs to show messages in the UI language: the language and its bundle. */
export interface L10nSettings {
  /** `vscode.env.language`: `en`, `ru`, `pt-br`, … */
  language: string;
  /** `vscode.l10n.bundle`; absent for English or a language Lease Lens is not translated into. */
  bundle?: L10nBundle;
}

/** Fills `{0}`, `{1}`… with `args`; a placeholder without an argument stays as it is. */
export function fillMessage(template: string, args: readonly L10nArg[]): string {
  return args.length === 0 ? template : template.replace(/\{(\d+)\}/g, (match, index: string) => String(args[Number(index)] ?? match));
}

/** Looks messages up in a bundle (the panel's and the tests' translator). */
export function bundleTranslator(bundle: L10nBundle | undefined): Translate {
  return (message, ...args) => fillMessage(bundle?.[message] ?? message, args);
}

let translate: Translate = bundleTranslator(undefined);
let language = 'en';
let settingsInUse: L10nSettings = { language };
let numbers: Intl.NumberFormat | undefined;
let plurals: Intl.PluralRules | undefined;

/** Sets this process's language and translator (default: the bundle's lookup). */
export function useL10n(settings: L10nSettings, translator: Translate = bundleTranslator(settings.bundle)): void {
  language = settings.language || 'en';
  settingsInUse = settings;
  translate = translator;
  numbers = undefined;
  plurals = undefined;
}

/** The language and bundle in use, to hand to a worker thread or another process. */
export function l10nInUse(): L10nSettings {
  return settingsInUse;
}

/** The UI language (`vscode.env.language`), for Intl and date formats. */
export function uiLanguage(): string {
  return language;
}

/** The translation of an English message, `{0}`, `{1}`… filled with `args`. */
export function t(message: string, ...args: L10nArg[]): string {
  return translate(message, ...args);
}

const pluralOrder: readonly Intl.LDMLPluralRule[] = ['zero', 'one', 'two', 'few', 'many', 'other'];

/** The language's Intl object, or English's when Intl does not know the language. */
function intl<T>(make: (locale: string) => T): T {
  try {
    return make(language);
  } catch {
    return make('en');
  }
}

/**
 * The form of a plural message for `n`: `tn(3, '{0} restart|{0} restarts')` is "3 restarts". `{0}` is
 * `n` written in the UI language; `{1}`… are `args`. A translation whose form count does not match
 * the language's categories falls back to the first form for one and the last for the rest.
 */
export function tn(n: number, message: string, ...args: L10nArg[]): string {
  const forms = translate(message).split('|');
  const rules = (plurals ??= intl((locale) => new Intl.PluralRules(locale)));
  const categories = pluralOrder.filter((c) => rules.resolvedOptions().pluralCategories.includes(c));
  const category = rules.select(n);
  const index = forms.length === categories.length ? categories.indexOf(category) : category === 'one' ? 0 : forms.length - 1;
  return fillMessage(forms[Math.max(0, index)] ?? message, [formatNumber(n), ...args]);
}

/** A number written the UI language's way: `12,345` in English, `12 345` in Russian. */
export function formatNumber(n: number): string {
  return (numbers ??= intl((locale) => new Intl.NumberFormat(locale))).format(n);
}
