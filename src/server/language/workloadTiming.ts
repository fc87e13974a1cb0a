// Leader election timing in workload manifests: diagnostics with a one-sentence explanation on
// the flag items (out of range, wrong order, under client-go's jitter, invalid), and a hover on a
// flag with the three values, where each comes from and the checks about it.
import { DiagnosticSeverity, MarkupKind, type Diagnostic, type Hover, type Position, type Range } from 'vscode-languageserver';
import { parameterName, timingChecks, timingText } from '../../core/electionTiming';
import type { YamlScalar } from '../../core/leaseManifest';
import type { TimingCheck, TimingParameter } from '../../shared/timing';
import { diagnosticSource } from './diagnosticSource';
import { inlineCode } from './markdown';
import type { FlagContainer } from './workloadManifests';
import { t } from '../../shared/l10n';

const parameters: readonly TimingParameter[] = ['leaseDuration', 'renewDeadline', 'retryPeriod'];

function rangeOf(at: YamlScalar): Range {
  return { start: { line: at.line, character: at.start }, end: { line: at.endLine ?? at.line, character: at.end } };
}

/** The item index of the flag that set a parameter (the last one: it wins), if a flag did. */
function flagItem(container: FlagContainer, parameter: TimingParameter): number | undefined {
  if (container.config.values[parameter].source.kind === 'default') {
    return undefined; // the default applies (no flag, or an invalid one, reported on its own)
  }
  return container.flags.filter((f) => f.sets === parameter).at(-1)?.index;
}

/** Where a check goes: on the flags that set what it is about. */
function placesOf(container: FlagContainer, check: TimingCheck): number[] {
  if (check.id === 'invalid-flag') {
    return container.flags.filter((f) => f.flag === check.flag).map((f) => f.index);
  }
  if (check.id === 'disabled') {
    return container.flags.filter((f) => f.sets === 'leaderElect').map((f) => f.index);
  }
  return check.about.map((p) => flagItem(container, p)).filter((i): i is number => i !== undefined);
}

export function workloadTimingDiagnostics(containers: readonly FlagContainer[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const container of containers) {
    for (const check of timingChecks(container.config)) {
      if (check.level === 'ok') {
        continue;
      }
      for (const index of new Set(placesOf(container, check))) {
        const at = container.items[index]?.at;
        if (at === undefined) {
          continue;
        }
        diagnostics.push({
          range: rangeOf(at),
          severity: check.level === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
          source: diagnosticSource,
          code: `timing-${check.id}`,
          message: check.message,
        });
      }
    }
  }
  return diagnostics;
}

function covers(at: YamlScalar, position: Position): boolean {
  const endLine = at.endLine ?? at.line;
  if (position.line < at.line || position.line > endLine) {
    return false;
  }
  return (position.line > at.line || position.character >= at.start) && (position.line < endLine || position.character <= at.end);
}

export function workloadTimingHover(containers: readonly FlagContainer[], position: Position): Hover | null {
  for (const container of containers) {
    const flag = container.flags.find((f) => {
      const a = container.items[f.index]?.at;
      const b = container.items[f.valueIndex]?.at;
      return (a !== undefined && covers(a, position)) || (b !== undefined && covers(b, position));
    });
    if (flag === undefined) {
      continue;
    }
    const at = container.items[flag.index]?.at;
    if (at === undefined) {
      continue;
    }
    const lines = [
      t('**Leader election timing** of container {0}', inlineCode(container.container || '?')),
      '',
      ...parameters.map((p) => {
        const value = container.config.values[p];
        const from = value.source.kind === 'flag' ? inlineCode(`--${value.source.flag}`) : t('client-go default');
        return `- ${t('{0}: {1} ({2})', parameterName(p), timingText(value.ms), from)}`;
      }),
    ];
    const about = parameters.includes(flag.sets as TimingParameter) ? (flag.sets as TimingParameter) : undefined;
    const checks = timingChecks(container.config).filter(
      (c) => about === undefined || c.about.includes(about) || c.id === 'invalid-flag' || c.id === 'disabled',
    );
    if (checks.length > 0) {
      lines.push('');
      for (const c of checks) {
        const mark = c.level === 'ok' ? t('OK') : c.level === 'warn' ? t('Warning') : t('Error');
        lines.push(`- **${mark}**: ${c.message.replace(/[\\`*_[\]<>]/g, '\\$&')}`);
      }
    }
    return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: rangeOf(at) };
  }
  return null;
}
