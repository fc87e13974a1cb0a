// The Lease server process: started by the extension through vscode-languageclient over IPC.
// It owns every cluster connection; this file only wires the protocol to the Sessions.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import {
  Contexts,
  Diagnostics,
  Follow,
  Health,
  Kubeconfig,
  LeadershipEvents,
  Leases,
  ServerLog,
  Settings,
  type InitializationOptions,
  type ServerLogLevel,
} from '../shared/protocol';
import { defaultServerSettings, leaseKey, type ServerSettings } from '../shared/types';
import { languageCapabilities, registerLanguageFeatures } from './language/languageFeatures';
import { redact } from './redact';
import { Sessions } from './sessions';
import { leaseGet } from './leaseGet';
import * as l10n from '@vscode/l10n';
import { useL10n, type L10nSettings } from '../shared/l10n';
import { isRecord } from '../shared/guards';
import { meteredIpcTransport } from './ipcMeter';

// Over IPC (as the client starts it) the writer is metered: ServerStats.ipc.
const transport = meteredIpcTransport();
const connection = transport
  ? createConnection(ProposedFeatures.all, transport.reader, transport.writer)
  : createConnection(ProposedFeatures.all);

function log(level: ServerLogLevel, message: string): void {
  void connection.sendNotification(ServerLog.line, { level, message: redact(message) });
}

function settingsFrom(value: Partial<ServerSettings> | undefined): ServerSettings {
  return { ...defaultServerSettings, ...(value ?? {}) };
}

let sessions: Sessions | undefined;

const language = registerLanguageFeatures(connection, {
  currentContext: () => sessions?.kubeconfigState().currentContext,
  lease: (context, namespace, name) => {
    const key = leaseKey(context, namespace, name);
    return sessions?.getLease(key)?.get(key);
  },
});

/** Messages in the client's UI language: @vscode/l10n with the bundle the client handed over. */
function useClientLanguage(settings: L10nSettings | undefined): void {
  if (!settings || typeof settings.language !== 'string') {
    return;
  }
  const bundle = isRecord(settings.bundle) ? settings.bundle : {};
  l10n.config({ contents: bundle });
  useL10n({ language: settings.language, bundle }, l10n.t);
}

connection.onInitialize((params) => {
  const init = params.initializationOptions as Partial<InitializationOptions> | undefined;
  useClientLanguage(init?.l10n);
  sessions = new Sessions(
    {
      kubeconfig: (state) => {
        void connection.sendNotification(Kubeconfig.changed, state);
        language.refreshCodeLenses();
      },
      contextState: (state) => void connection.sendNotification(Contexts.state, state),
      leases: (batch) => void connection.sendNotification(Leases.changed, batch),
      follow: (update) => void connection.sendNotification(Follow.update, update),
      log,
      healthRows: (change) => void connection.sendNotification(Health.rowsChanged, change),
      healthFlags: (change) => void connection.sendNotification(Health.flags, change),
      leadershipEvents: (result) => void connection.sendNotification(LeadershipEvents.changed, result),
    },
    settingsFrom(init?.settings),
    {
      storagePath: typeof init?.storagePath === 'string' && init.storagePath !== '' ? init.storagePath : undefined,
      ipc: () => ({ bytesSent: transport?.writer.bytesSent ?? 0, messagesSent: transport?.writer.messagesSent ?? 0 }),
    },
  );
  return {
    capabilities: { ...languageCapabilities },
    serverInfo: { name: 'lease-lens-server', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  sessions?.start();
  log('info', `Lease Lens server ${process.pid} running on Node ${process.version}`);
});

function need(): Sessions {
  if (!sessions) {
    throw new Error('the Lease server is not initialized');
  }
  return sessions;
}

connection.onNotification(Settings.changed, (settings) => void need().setSettings(settingsFrom(settings)));
connection.onRequest(Kubeconfig.get, () => need().kubeconfigState());
connection.onRequest(Contexts.watch, ({ contexts }) => need().watchContexts(contexts));
connection.onNotification(Contexts.unwatch, ({ contexts }) => void need().unwatchContexts(contexts));
connection.onNotification(Contexts.refresh, ({ contexts }) => need().refresh(contexts));
connection.onRequest(Leases.snapshot, ({ context }) => need().snapshot(context));
connection.onRequest(Leases.get, ({ key }) => leaseGet(need(), key));
connection.onRequest(Follow.start, ({ key }) => need().follow(key));
connection.onRequest(Follow.snapshot, ({ key }) => need().followSnapshot(key));
connection.onRequest(Diagnostics.stats, (params) => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (params?.collectGarbage && gc) {
    gc();
  }
  return need().stats();
});
connection.onNotification(Follow.stop, ({ key }) => void need().unfollow(key));
connection.onRequest(Health.rows, (params) => need().healthRows(params?.contexts));
connection.onNotification(Health.subscribe, ({ rows }) => need().healthSubscribe(rows === true));
connection.onRequest(Health.detail, ({ key }) => need().healthDetail(key));
connection.onRequest(LeadershipEvents.list, ({ context }) => need().leadershipEvents(context));

connection.onShutdown(async () => {
  language.dispose();
  await sessions?.dispose();
});

process.on('unhandledRejection', (reason) => log('error', `unhandled rejection: ${String(reason)}`));
process.on('uncaughtException', (err) => log('error', `uncaught exception: ${err.stack ?? err.message}`));

connection.listen();
