// Messages from the extension host to the Health view, checked by the shared parser
// (src/shared/healthViewMessages.ts): anything else is ignored.
import type { HostToHealthView } from '../../src/shared/healthViewProtocol';
import { parseHostToHealthView } from '../../src/shared/healthViewMessages';

export function onHealthMessage(handler: (message: HostToHealthView) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = parseHostToHealthView(event.data);
    if (message) {
      handler(message);
    }
  });
}
