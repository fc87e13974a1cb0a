// The history section's "Generate Monitoring" button: asks the host to run the command for the
// panel's Lease (a PrometheusRule and a Grafana dashboard as new unsaved documents).
import type { LeaseKey } from '../src/shared/types';
import { t } from '../src/shared/l10n';
import { custom } from './dom';
import type { Host } from './host';

export function monitoringButton(host: Host, key: () => LeaseKey | undefined): HTMLElement {
  const button = custom(
    'vscode-button',
    {
      title: t('Open a PrometheusRule and a Grafana dashboard for this election as new unsaved documents'),
      attrs: { appearance: 'secondary', 'data-action': 'generate-monitoring' },
    },
    t('Generate Monitoring'),
  );
  button.addEventListener('click', () => {
    const current = key();
    if (current) {
      host.post({ type: 'generateMonitoring', key: current });
    }
  });
  return button;
}
