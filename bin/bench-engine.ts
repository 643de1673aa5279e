// `npm run bench:engine -- [--instances N] [--concurrency C | --rate R] [--warmup W] [--address host:port] [--json]`
// Runs N instances of one process (three service tasks, a message catch and a user task, done by SDK
// streaming workers; bin/bench/workload.ts) on the embedded engine, started fresh in its own process and
// stopped after. `--address` measures a gateway that is already running instead, such as a Zeebe cluster
// the site licenses (then memory is not measured).
// Closed loop by default: C instances in flight at any time, which measures the throughput ceiling
// (latency then is mostly queueing). With --rate, instances start at R per second whatever happens,
// which measures latency at that load. W instances (default 1000) run first, unmeasured, so the engine
// is measured in its steady state. Prints figures; the last line is one JSON object with them.
import { parseArgs } from 'node:util';
import { startEmbedded, type BenchEngine } from './bench/engines.js';
import { watchMemory, type MemoryFigures } from './bench/memory.js';
import { runWorkload, type Load, type WorkloadResult } from './bench/workload.js';

const flags = {
  instances: { type: 'string', default: '1000' },
  concurrency: { type: 'string', default: '64' },
  rate: { type: 'string' },
  warmup: { type: 'string', default: '1000' },
  address: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/** The flags, or one line naming the bad one (an unknown flag such as the removed --engine) and exit 1. */
function readFlags() {
  try {
    return parseArgs({ options: flags });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
const { values } = readFlags();

function positive(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number, not "${text}"`);
  return value;
}

type Figures = WorkloadResult & MemoryFigures & { engine: string };

const say = (line: string) => {
  if (!values.json) console.log(line);
};

async function measure(engine: BenchEngine | { address: string; pid?: undefined; description: string }, load: Load) {
  say(`== ${engine.description} on ${engine.address}`);
  const memory = watchMemory(engine.pid);
  const result = await runWorkload(engine.address, load);
  const figures: Figures = { engine: engine.description, ...result, ...(await memory.stop()) };
  say(`${figures.instances} instances in ${figures.seconds} s = ${figures.instancesPerSecond}/s`);
  say(`job latency p50 ${figures.jobLatencyP50Ms} ms, p99 ${figures.jobLatencyP99Ms} ms (${figures.jobs} jobs)`);
  if (figures.peakRssMb !== null)
    say(
      `memory: engine process peak RSS ${figures.peakRssMb} MB, with its child processes ${figures.peakTotalPssMb} MB (PSS)`,
    );
  return figures;
}

async function embedded(load: Load): Promise<Figures> {
  say('starting the embedded engine');
  const engine = await startEmbedded();
  try {
    return await measure(engine, load);
  } finally {
    await engine.stop();
  }
}

async function main(): Promise<void> {
  const load: Load = {
    instances: positive('instances', values.instances) ?? 1000,
    concurrency: positive('concurrency', values.concurrency) ?? 64,
    rate: positive('rate', values.rate),
    warmup: positive('warmup', values.warmup) ?? 1000,
    progress: say,
  };
  say(load.rate ? `load: ${load.rate} instances/s offered` : `load: ${load.concurrency} instances in flight`);
  if (values.address) {
    console.log(JSON.stringify(await measure({ address: values.address, description: 'the gateway' }, load)));
  } else {
    console.log(JSON.stringify(await embedded(load)));
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
