// A language server process started as vscode-languageclient starts ours (fork, IPC), spoken to
// over LSP: initialize, initialized, and a clean shutdown that lets the process exit by itself (a
// --cpu-prof profile is written then) before making sure it is gone.
import { fork, type ChildProcess } from 'node:child_process';
import {
  createProtocolConnection,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  ShutdownRequest,
  type InitializeResult,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';

export interface LspProcess {
  child: ChildProcess;
  conn: ProtocolConnection;
  initialize: InitializeResult;
  /** What the process wrote to stdout and stderr. */
  output: string[];
  close(): Promise<void>;
}

export interface LspProcessOptions {
  module: string;
  env?: NodeJS.ProcessEnv;
  execArgv?: string[];
  initializationOptions?: unknown;
  /** Registers notification handlers before anything can arrive. */
  listen?(conn: ProtocolConnection): void;
}

export async function startLspProcess(opts: LspProcessOptions): Promise<LspProcess> {
  const child = fork(opts.module, ['--node-ipc'], {
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: opts.execArgv ?? [],
  });
  const output: string[] = [];
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  const conn = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  opts.listen?.(conn);
  conn.listen();
  const initialize = await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    initializationOptions: opts.initializationOptions,
  });
  await conn.sendNotification(InitializedNotification.type, {});
  return {
    child,
    conn,
    initialize,
    output,
    async close() {
      try {
        await Promise.race([conn.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 3000))]);
        await conn.sendNotification(ExitNotification.type);
      } catch {
        // already gone
      }
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        const timer = setTimeout(() => child.kill('SIGTERM'), 2000);
        await exited;
        clearTimeout(timer);
      }
      conn.dispose();
    },
  };
}
