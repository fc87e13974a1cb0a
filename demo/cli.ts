// Command line of the demo (main.ts).
import { DEFAULT_PORT } from './scenario';

export interface DemoArgs {
  port: number;
  host: string;
  tls: boolean;
  kubeconfig: string | undefined;
  /** Seconds until the demo stops by itself; undefined: until Ctrl+C. */
  duration: number | undefined;
  crashEverySeconds: number | undefined;
  quiet: boolean;
  open: boolean;
  help: boolean;
}

export const USAGE = `Usage: npx tsx demo/main.ts [options]

Starts a local Kubernetes API server with leader-elected workloads, writes a kubeconfig for it
and opens VS Code with Lease Lens on it.

Options:
  --port <n>          API server port (default ${DEFAULT_PORT}; a free port if taken; 0: any free port)
  --host <addr>       address to listen on (default 127.0.0.1)
  --http              plain HTTP instead of HTTPS (kubectl then sends no token: use the default HTTPS for kubectl)
  --kubeconfig <path> where to write the kubeconfig (default .demo/kubeconfig.yaml in the repo)
  --crash-every <s>   seconds between leader crashes (default 60; 0: none)
  --duration <s>      stop after this many seconds (default: run until Ctrl+C)
  --no-open           do not start VS Code
  --quiet             print only the essentials
  --help              this text
`;

export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  const args: DemoArgs = {
    port: DEFAULT_PORT,
    host: '127.0.0.1',
    tls: true,
    kubeconfig: undefined,
    duration: undefined,
    crashEverySeconds: undefined,
    quiet: false,
    open: true,
    help: false,
  };
  const number = (flag: string, value: string | undefined): number => {
    const n = Number(value);
    if (value === undefined || value.trim() === '' || !Number.isFinite(n) || n < 0) {
      throw new Error(`${flag} needs a non-negative number, got ${value ?? 'nothing'}`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] =
      argv[i].startsWith('--') && argv[i].includes('=')
        ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)]
        : [argv[i], undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--port':
        args.port = number(flag, value());
        break;
      case '--host':
        args.host = value() ?? args.host;
        break;
      case '--http':
        args.tls = false;
        break;
      case '--kubeconfig': {
        const v = value();
        if (!v) {
          throw new Error('--kubeconfig needs a path');
        }
        args.kubeconfig = v;
        break;
      }
      case '--duration':
        args.duration = number(flag, value());
        break;
      case '--crash-every':
        args.crashEverySeconds = number(flag, value());
        break;
      case '--no-open':
        args.open = false;
        break;
      case '--quiet':
        args.quiet = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        throw new Error(`unknown option ${argv[i]}\n\n${USAGE}`);
    }
  }
  return args;
}
