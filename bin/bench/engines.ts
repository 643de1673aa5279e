// The engines the benchmark measures, each started fresh in its own process(es) and stopped after:
// the embedded engine (`npm run engine` on a new data folder) and the Zeebe broker distribution
// (`npm run zeebe:start -- --runtime broker`). Zeebe 8.8's process-test runtime is not offered: its
// gateway neither pushes jobs to streams nor long-polls, so streaming workers would measure its
// 5-second fallback poll, not the engine.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startEngineProcess } from '../engine-process.js';

const run = promisify(execFile);

export interface BenchEngine {
  name: 'embedded' | 'zeebe';
  address: string;
  /** The engine's own process, whose memory is measured. */
  pid: number;
  /** A line describing what runs, for the human-readable output. */
  description: string;
  stop(): Promise<void>;
}

/** Stops the engine on Ctrl-C too, so an interrupted bench leaves no server behind. */
function stopOnSignals(engine: BenchEngine): () => void {
  const handler = () => {
    void engine.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

export async function startEmbedded(): Promise<BenchEngine> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-engine-'));
  await fs.chmod(dataDir, 0o755);
  const child = await startEngineProcess({ dataDir });
  let release = () => undefined as void;
  const engine: BenchEngine = {
    name: 'embedded',
    address: child.address,
    pid: child.pid,
    description: 'embedded engine (own Node.js process, embedded PostgreSQL)',
    async stop() {
      release();
      await child.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
  release = stopOnSignals(engine);
  return engine;
}

/** The broker from scripts/zeebe/start.sh on its own port, with an empty data folder. */
export async function startZeebeBroker(port: number): Promise<BenchEngine> {
  const script = (name: string) => path.join('scripts', 'zeebe', name);
  const started = await run('bash', [script('start.sh'), '--runtime', 'broker', '--port', String(port), '--fresh'], {
    maxBuffer: 1 << 20,
  }).catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`Zeebe did not start: ${error.stderr ?? ''}${error.stdout ?? ''}`);
  });
  const version = /Zeebe (\S+) \(broker\) ready/.exec(started.stdout)?.[1] ?? '?';
  const cache = process.env.ZEEBE_CACHE ?? path.join(os.homedir(), '.cache', 'cpr-zeebe');
  const pid = Number(await fs.readFile(path.join(cache, `run-${port}`, 'zeebe.pid'), 'utf8'));
  let release = () => undefined as void;
  const engine: BenchEngine = {
    name: 'zeebe',
    address: `127.0.0.1:${port}`,
    pid,
    description: `Zeebe ${version} broker distribution (one JVM, RocksDB and log on disk)`,
    async stop() {
      release();
      await run('bash', [script('stop.sh'), '--port', String(port)]);
    },
  };
  release = stopOnSignals(engine);
  return engine;
}
