// The engine the benchmark measures: the embedded engine (`npm run engine` on a new data folder), started
// fresh in its own process and stopped after. Any other gateway (a Zeebe cluster the site licenses) is
// measured where it already runs, with --address.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEngineProcess } from '../engine-process.js';

export interface BenchEngine {
  name: 'embedded';
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
