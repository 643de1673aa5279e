// `npm run bench:engine -- [--engine embedded|zeebe|both] [--instances N] [--concurrency C | --rate R]
//   [--warmup W] [--zeebe-port P] [--address host:port] [--json]`
// Runs N instances of one process (three service tasks, a message catch and a user task, done by SDK
// streaming workers; bin/bench/workload.ts) on each chosen engine, started fresh in its own process and
// stopped before the next starts, so the two never share the machine. `--address` measures a gateway
// that is already running instead (then memory is not measured).
// Closed loop by default: C instances in flight at any time, which measures the throughput ceiling
// (latency then is mostly queueing). With --rate, instances start at R per second whatever happens,
// which measures latency at that load. W instances (default 1000) run first, unmeasured, so each engine
// is measured in its steady state. Prints figures; the last line is one JSON object: one engine's
// figures, or with --engine both `{ "embedded": {...}, "zeebe": {...}, "ratios": {...} }` where each
// ratio is embedded / zeebe.
import { parseArgs } from 'node:util';
import { startEmbedded, startZeebeBroker, type BenchEngine } from './bench/engines.js';
import { watchMemory, type MemoryFigures } from './bench/memory.js';
import { runWorkload, type Load, type WorkloadResult } from './bench/workload.js';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'embedded' },
    instances: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '64' },
    rate: { type: 'string' },
    warmup: { type: 'string', default: '1000' },
    'zeebe-port': { type: 'string', default: '26800' },
    address: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

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

async function one(name: string, load: Load): Promise<Figures> {
  const start = name === 'zeebe' ? () => startZeebeBroker(Number(values['zeebe-port'])) : startEmbedded;
  if (name !== 'zeebe' && name !== 'embedded')
    throw new Error(`--engine must be embedded, zeebe or both, not "${name}"`);
  say(`starting the ${name} engine`);
  const engine = await start();
  try {
    return await measure(engine, load);
  } finally {
    await engine.stop();
  }
}

const ratio = (a: number | null, b: number | null) => (a !== null && b ? Number((a / b).toFixed(2)) : null);

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
  } else if (values.engine === 'both') {
    const embedded = await one('embedded', load);
    const zeebe = await one('zeebe', load);
    const ratios = {
      instancesPerSecond: ratio(embedded.instancesPerSecond, zeebe.instancesPerSecond),
      jobLatencyP50Ms: ratio(embedded.jobLatencyP50Ms, zeebe.jobLatencyP50Ms),
      jobLatencyP99Ms: ratio(embedded.jobLatencyP99Ms, zeebe.jobLatencyP99Ms),
      peakRssMb: ratio(embedded.peakRssMb, zeebe.peakRssMb),
      peakTotalPssMb: ratio(embedded.peakTotalPssMb, zeebe.peakTotalPssMb),
    };
    say(
      `embedded / zeebe: throughput x${ratios.instancesPerSecond}, p50 x${ratios.jobLatencyP50Ms}, ` +
        `p99 x${ratios.jobLatencyP99Ms}, memory x${ratios.peakTotalPssMb}`,
    );
    console.log(JSON.stringify({ embedded, zeebe, ratios }));
  } else {
    console.log(JSON.stringify(await one(values.engine, load)));
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
