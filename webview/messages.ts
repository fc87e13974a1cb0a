// Messages from the extension host, checked before use by the shared parser
// (src/shared/webviewMessages.ts): anything else (another extension's or a stray message) is
// ignored.
import type { HostToWebview } from '../src/shared/webviewProtocol';
import { parseHostToWebview } from '../src/shared/webviewMessages';

export function onHostMessage(handler: (message: HostToWebview) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = parseHostToWebview(event.data);
    if (message) {
      handler(message);
    }
  });
}
