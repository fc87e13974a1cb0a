// The text of a context's leadership Events document (lease-lens-events:), like
// `kubectl get events -A` filtered to leader election: a header naming the context, the filter and
// any problem reading Events, then one line per Event, oldest first (newest last): time, namespace,
// object, component, reason, message. Its address carries the context and the filter. Cluster
// strings are one line, printable and clipped. Pure.
import type { LeadershipEvent } from '../../shared/health';
import { t, tn } from '../../shared/l10n';
import { clipText } from '../../core/untrustedText';

export const eventsScheme = 'lease-lens-events';
export const eventsExtension = '.lease-events';

export interface EventsFilter {
  /** reportingComponent / source.component */
  component?: string;
  /** `namespace/name` of the Lease (or lock object). */
  lease?: string;
}

export interface EventsDocument {
  context: string;
  filter: EventsFilter;
}

/** What the filter says, for the header and the title. */
export function filterWords(filter: EventsFilter): string | undefined {
  const parts: string[] = [];
  if (filter.component) {
    parts.push(t('component {0}', clipText(filter.component, 80)));
  }
  if (filter.lease) {
    parts.push(t('Lease {0}', clipText(filter.lease, 120)));
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** `/<encoded context>/<title>.lease-events?component=…&lease=…` (the title is for the tab only). */
export function eventsDocumentPath(doc: EventsDocument): { path: string; query: string } {
  const params = new URLSearchParams();
  if (doc.filter.component) {
    params.set('component', doc.filter.component);
  }
  if (doc.filter.lease) {
    params.set('lease', doc.filter.lease);
  }
  const words = filterWords(doc.filter);
  const title = (words ? t('Leadership Events ({0})', words) : t('Leadership Events')).replace(/[/\\?#%]/g, '_');
  return { path: `/${encodeURIComponent(doc.context)}/${title}${eventsExtension}`, query: params.toString() };
}

export function parseEventsDocument(path: string, query: string): EventsDocument | undefined {
  const parts = path.split('/');
  if (parts.length !== 3 || parts[0] !== '' || !parts[2]?.endsWith(eventsExtension) || !parts[1]) {
    return undefined;
  }
  let context: string;
  try {
    context = decodeURIComponent(parts[1]);
  } catch {
    return undefined;
  }
  const params = new URLSearchParams(query);
  const filter: EventsFilter = {};
  const component = params.get('component');
  const lease = params.get('lease');
  if (component) {
    filter.component = component;
  }
  if (lease) {
    filter.lease = lease;
  }
  return { context, filter };
}

export function matchesFilter(event: LeadershipEvent, filter: EventsFilter): boolean {
  return (
    (filter.component === undefined || event.component === filter.component) &&
    (filter.lease === undefined || `${event.namespace}/${event.name}` === filter.lease)
  );
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The document's text. `events` oldest first; `message`: why some or all could not be read. */
export function leadershipEventsText(
  doc: EventsDocument,
  events: readonly LeadershipEvent[] | undefined,
  message: string | undefined,
): string {
  const header = [`# ${t('Leadership Events in context {0} (every namespace it may read), newest last', clipText(doc.context, 200))}`];
  const words = filterWords(doc.filter);
  header.push(
    `# ${words ? t('Filter: {0}. Run "Lease Lens: Filter Leadership Events" to change it.', words) : t('No filter. Run "Lease Lens: Filter Leadership Events" to filter by component or Lease.')}`,
  );
  if (message) {
    header.push(`# ${t('Events could not be read: {0}', clipText(message, 1000))}`);
  }
  if (events === undefined) {
    return `${header.join('\n')}\n`;
  }
  const shown = [...events].filter((e) => matchesFilter(e, doc.filter)).sort((a, b) => a.time - b.time);
  header.push(`# ${tn(shown.length, '{0} Event|{0} Events')}`);
  if (shown.length === 0) {
    return `${header.join('\n')}\n\n${t('No leadership Events are recorded.')}\n`;
  }
  const rows = shown.map((e) => [
    Number.isFinite(e.time) ? new Date(e.time).toISOString() : '',
    clipText(e.namespace, 63),
    `${clipText(e.kind, 40).toLowerCase()}/${clipText(e.name, 253)}`,
    clipText(e.component, 120),
    clipText(e.reason, 80),
    `${clipText(e.message, 1000)}${e.count > 1 ? ` (×${e.count})` : ''}`,
  ]);
  const titles = [t('TIME'), t('NAMESPACE'), t('OBJECT'), t('COMPONENT'), t('REASON'), t('MESSAGE')];
  const widths = titles.map((title, i) => Math.min(60, Math.max(title.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${header.join('\n')}\n\n${[line(titles), ...rows.map(line)].join('\n')}\n`;
}
