// `npx tsx demo/main.ts [--port n] [--duration s] [--quiet] [--no-open] …`: runs the
// demo cluster until Ctrl+C/SIGTERM (or --duration), then stops everything and exits 0.
import { banner } from './banner';
import { parseDemoArgs, USAGE, type DemoArgs } from './cli';
import { howToOpen, howToWatch, openVsCode } from './openVsCode';
import { REPO_ROOT, startDemo } from './scenario';
import { DEFAULT_CRASH_TARGET } from './workloads';

const NODE_COUNT = 50;

async function main(args: DemoArgs): Promise<void> {
  const time = (): string => new Date().toISOString().slice(11, 19);
  const say = (message: string): void => console.log(message);
  const note = args.quiet ? (): void => undefined : (message: string): void => say(`[${time()}] ${message}`);
  const crashEverySeconds = args.crashEverySeconds ?? 60;

  const demo = await startDemo({
    host: args.host,
    port: args.port,
    tls: args.tls,
    kubeconfigPath: args.kubeconfig,
    crashEveryMs: crashEverySeconds * 1000,
    nodeCount: NODE_COUNT,
    // For the Leadership Health view: a Lease that flaps, one renewed late now and then.
    flapping: {},
    lateRenewal: {},
    // Split brain (issue 16): two replicas of demo/zombie-controller both report leading for a while.
    splitBrain: {},
    // The fate of old leaders (issue 16): one OOMKilled, one rolled out.
    leaderFates: {},
    note,
  });

  let stopping = false;
  const shutdown = (why: string): void => {
    if (stopping) {
      say('stopping anyway');
      process.exit(1);
    }
    stopping = true;
    note(`${why}: stopping the electors and the API server…`);
    demo.stop().then(
      () => {
        say('demo stopped');
        process.exitCode = 0;
        // Everything is closed; should a stray handle remain, do not hang on it.
        setTimeout(() => process.exit(0), 2000).unref();
      },
      (err: unknown) => {
        console.error(`error while stopping: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  if (args.duration !== undefined) {
    setTimeout(() => shutdown(`${args.duration}s elapsed`), args.duration * 1000).unref();
  }

  if (args.quiet) {
    say(`Lease Lens demo: API server ${demo.server.url}, kubeconfig ${demo.kubeconfigPath}`);
  } else {
    say(banner(demo, { crashEverySeconds, crashTarget: DEFAULT_CRASH_TARGET, nodeCount: NODE_COUNT }));
  }
  const opened = args.open && openVsCode(REPO_ROOT, demo.kubeconfigPath, (m) => console.error(m));
  if (opened) {
    say('Opening VS Code with Lease Lens (KUBECONFIG set to the demo kubeconfig)…');
  } else if (!args.quiet || args.open) {
    say(howToOpen(REPO_ROOT, demo.kubeconfigPath));
  }
  if (!args.quiet) {
    say(howToWatch(demo.kubeconfigPath));
  }
}

let args: DemoArgs;
try {
  args = parseDemoArgs(process.argv.slice(2));
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
} else {
  main(args).catch((err: unknown) => {
    console.error(`the demo could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  });
}
