// The Leadership Health view webview app (dist/health.js): installs the language and strings the
// host put in the HTML, connects to the host, builds the view, routes the host's messages to it,
// and says `ready` (the host answers with every row).
import { installPanelL10n } from '../l10n';
import { HealthView } from './healthView';
import { connectHealthHost } from './host';
import { onHealthMessage } from './messages';

installPanelL10n();
const host = connectHealthHost();
const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));
const view = new HealthView(root, host);
onHealthMessage((message) => view.handle(message));
view.start();
