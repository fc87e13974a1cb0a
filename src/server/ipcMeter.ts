// Counts what the Lease server writes to the client (issue 18 §1: bytes per renewal and per Lease
// held on the IPC channel): a MessageWriter around the connection's own. Over Node's IPC channel a
// message is its JSON text and a newline (no header); that is what is counted.
import { IPCMessageReader, IPCMessageWriter, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';

export class MeteredWriter implements MessageWriter {
  bytesSent = 0;
  messagesSent = 0;

  constructor(private readonly inner: MessageWriter) {}

  get onError(): MessageWriter['onError'] {
    return this.inner.onError;
  }

  get onClose(): MessageWriter['onClose'] {
    return this.inner.onClose;
  }

  write(msg: Message): Promise<void> {
    this.messagesSent++;
    this.bytesSent += Buffer.byteLength(JSON.stringify(msg)) + 1;
    return this.inner.write(msg);
  }

  end(): void {
    this.inner.end();
  }

  dispose(): void {
    this.inner.dispose();
  }
}

/** The IPC transport the client starts the server with (`--node-ipc`), its writer metered; undefined for any other transport. */
export function meteredIpcTransport(): { reader: MessageReader; writer: MeteredWriter } | undefined {
  if (!process.argv.includes('--node-ipc') || typeof process.send !== 'function') {
    return undefined;
  }
  return { reader: new IPCMessageReader(process), writer: new MeteredWriter(new IPCMessageWriter(process)) };
}
