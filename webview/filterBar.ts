// The log filter controls: preset, text (plain or regex), match case, invert. Every change is
// reported at once; an error (invalid regex) is shown inline under the box.
import type { Checkbox, Dropdown, TextField } from '@vscode/webview-ui-toolkit';
import type { LogFilterState, LogPreset } from '../src/shared/webviewProtocol';
import { sameLogFilter } from '../src/core/logFilter';
import { custom, h, setAttr, setClass, setText, show } from './dom';
import { t } from '../src/shared/l10n';

/** The presets, in the panel's language (looked up when drawn: the strings come from the host). */
function presets(): ReadonlyArray<{ value: LogPreset; label: string; hint: string }> {
  return [
    { value: 'leadership', label: t('Leadership'), hint: t('Lines about leader election (acquired, lost, renew failures…)') },
    { value: 'errors', label: t('Errors'), hint: t('Errors and warnings, and lost leadership / failed renewals') },
    { value: 'all', label: t('All'), hint: t('Every line') },
  ];
}

export function presetLabel(preset: LogPreset): string {
  return presets().find((p) => p.value === preset)?.label ?? preset;
}

export class FilterBar {
  readonly root: HTMLElement;
  private readonly preset: Dropdown;
  private readonly text: TextField;
  private readonly regex: Checkbox;
  private readonly caseSensitive: Checkbox;
  private readonly invert: Checkbox;
  private readonly error: HTMLElement;
  private last: LogFilterState;

  constructor(
    initial: LogFilterState,
    private readonly onChange: (state: LogFilterState) => void,
  ) {
    this.last = initial;
    this.preset = custom<Dropdown>(
      'vscode-dropdown',
      { class: 'filter-preset', title: t('Which lines to show'), attrs: { 'aria-label': t('Log preset') } },
      ...presets().map((p) =>
        custom('vscode-option', { title: p.hint, attrs: { value: p.value, selected: p.value === initial.preset } }, p.label),
      ),
    );
    this.text = custom<TextField>('vscode-text-field', {
      class: 'filter-text',
      attrs: {
        placeholder: t('Filter lines (text, or a regular expression with Regex on)'),
        'aria-label': t('Filter log lines'),
        value: initial.text,
      },
    });
    this.regex = this.checkbox(t('Regex'), t('Treat the filter as a JavaScript regular expression'), initial.regex);
    this.caseSensitive = this.checkbox(t('Match case'), t('Match upper and lower case exactly'), initial.caseSensitive);
    this.invert = this.checkbox(t('Invert'), t('Show the lines that do NOT match the filter text'), initial.invert);
    this.error = h('div', { class: 'filter-error', attrs: { role: 'alert' } });
    show(this.error, false);

    this.preset.addEventListener('change', () => this.changed());
    this.text.addEventListener('input', () => this.changed());
    this.text.addEventListener('keydown', (event: KeyboardEvent) => {
      if (event.key === 'Escape' && this.text.value !== '') {
        this.text.value = '';
        this.changed();
      }
    });
    for (const box of [this.regex, this.caseSensitive, this.invert]) {
      box.addEventListener('change', () => this.changed());
    }

    this.root = h(
      'div',
      { class: 'filter-bar' },
      h('div', { class: 'filter-row' }, this.preset, this.text, this.regex, this.caseSensitive, this.invert),
      this.error,
    );
  }

  state(): LogFilterState {
    const preset = presets().find((p) => p.value === this.preset.value)?.value ?? this.last.preset;
    return {
      preset,
      text: this.text.value ?? '',
      regex: this.regex.checked,
      caseSensitive: this.caseSensitive.checked,
      invert: this.invert.checked,
    };
  }

  /** Shows what is wrong with the filter text, or clears the message. */
  setError(message: string | undefined): void {
    setText(this.error, message ?? '');
    show(this.error, message !== undefined);
    setClass(this.text, 'invalid', message !== undefined);
    setAttr(this.text, 'aria-invalid', message !== undefined ? 'true' : undefined);
  }

  private checkbox(label: string, hint: string, checked: boolean): Checkbox {
    return custom<Checkbox>('vscode-checkbox', { title: hint, attrs: { checked } }, label);
  }

  private changed(): void {
    const state = this.state();
    if (sameLogFilter(state, this.last)) {
      return;
    }
    this.last = state;
    this.onChange(state);
  }
}
