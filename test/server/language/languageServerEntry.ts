// A Lease server stand-in for the language tests: a connection with only the language features,
// over a fixed lookup and clock. Started over IPC by languageClient.ts, like dist/server.js.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { languageCapabilities, registerLanguageFeatures } from '../../../src/server/language/languageFeatures';
import { fakeLookup, fakeNow } from './fakeLease';

const connection = createConnection(ProposedFeatures.all);
const features = registerLanguageFeatures(connection, fakeLookup(), { now: () => fakeNow, diagnosticsDelayMs: 20 });

connection.onInitialize(() => ({
  capabilities: languageCapabilities,
  serverInfo: { name: 'lease-lens-language-test-server', version: '0.0.0' },
}));
connection.onShutdown(() => features.dispose());

connection.listen();
