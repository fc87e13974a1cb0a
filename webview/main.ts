// The Lease panel webview app: installs the language and strings the host put in the HTML,
// registers the toolkit, connects to the host, builds the panel, routes the host's messages to it,
// and says `ready` (the host answers with a snapshot).
import { Clock } from './clock';
import { connectHost } from './host';
import { installPanelL10n } from './l10n';
import { onHostMessage } from './messages';
import { Panel } from './panel';
import { registerToolkit } from './toolkit';

installPanelL10n();
registerToolkit();
const host = connectHost();
const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));
const panel = new Panel(root, host, new Clock());
onHostMessage((message) => panel.handle(message));
host.post({ type: 'ready' });
