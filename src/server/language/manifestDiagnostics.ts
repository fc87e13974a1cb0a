// Problems in Lease manifests that the API server would reject, at the value that has them.
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import { stringValue, type LeaseManifest, type YamlEntry, type YamlScalar } from '../../core/leaseManifest';
import { microTimeIssue } from '../../core/microTime';
import { preview } from '../../core/untrustedText';
import { diagnosticSource } from './diagnosticSource';
import { t } from '../../shared/l10n';

function rangeOf(scalar: YamlScalar): Range {
  return { start: { line: scalar.line, character: scalar.start }, end: { line: scalar.line, character: scalar.end } };
}

function problem(scalar: YamlScalar, code: string, message: string): Diagnostic {
  return { range: rangeOf(scalar), severity: DiagnosticSeverity.Error, source: diagnosticSource, code, message };
}

/** The value of a set field (null and `~` mean unset). */
function setValue(entry: YamlEntry | undefined): YamlScalar | undefined {
  const scalar = entry?.value;
  return scalar === undefined || scalar.value === null || scalar.value === undefined ? undefined : scalar;
}

function microTimeProblem(field: string, entry: YamlEntry | undefined): Diagnostic | undefined {
  const scalar = setValue(entry);
  if (scalar === undefined) {
    return undefined;
  }
  const issue =
    typeof scalar.value === 'string'
      ? microTimeIssue(scalar.value, field)
      : t('{0} must be a MicroTime string such as 2026-11-21T00:41:17.924123Z, found {1}', field, preview(scalar.raw));
  return issue === undefined ? undefined : problem(scalar, 'micro-time', issue);
}

function integerProblem(field: string, entry: YamlEntry | undefined, min: number): Diagnostic | undefined {
  const scalar = setValue(entry);
  if (scalar === undefined) {
    return undefined;
  }
  const value = scalar.value;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return problem(scalar, 'integer', t('{0} must be a whole number, found {1}', field, preview(scalar.raw)));
  }
  if (value < min) {
    return problem(
      scalar,
      field === 'leaseDurationSeconds' ? 'lease-duration' : 'lease-transitions',
      min === 1 ? t('{0} must be greater than 0, found {1}', field, value) : t('{0} must be at least {1}, found {2}', field, min, value),
    );
  }
  return undefined;
}

function preferredHolderProblem(manifest: LeaseManifest): Diagnostic | undefined {
  const holder = setValue(manifest.specFields.get('preferredHolder'));
  if (holder === undefined || holder.value === '') {
    return undefined;
  }
  const strategy = stringValue(manifest.specFields.get('strategy'));
  if (strategy !== undefined && strategy !== '') {
    return undefined;
  }
  return problem(
    holder,
    'preferred-holder-without-strategy',
    t('preferredHolder may only be set together with strategy (e.g. strategy: OldestEmulationVersion)'),
  );
}

export function leaseManifestDiagnostics(manifests: readonly LeaseManifest[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const manifest of manifests) {
    const spec = manifest.specFields;
    for (const found of [
      microTimeProblem('acquireTime', spec.get('acquireTime')),
      microTimeProblem('renewTime', spec.get('renewTime')),
      integerProblem('leaseDurationSeconds', spec.get('leaseDurationSeconds'), 1),
      integerProblem('leaseTransitions', spec.get('leaseTransitions'), 0),
      preferredHolderProblem(manifest),
    ]) {
      if (found !== undefined) {
        diagnostics.push(found);
      }
    }
  }
  return diagnostics;
}
