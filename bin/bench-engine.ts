// `npm run bench:engine -- [--instances N] [--concurrency C | --rate R] [--warmup W] [--json] [--address host:port]`
// Runs N instances of a process with three service tasks and one message catch, with SDK streaming
// workers, against a freshly started embedded engine in its own process (or an engine at --address).
// Closed loop by default: C instances in flight at any time, which measures the throughput ceiling
// (latency then is mostly queueing). With --rate, instances start at R per second whatever happens,
// which measures latency at that load. W instances (default 200) run first, unmeasured, so a freshly
// started engine is measured in its steady state. Prints figures; the last line is one JSON object.
//
// Job latency is measured at the worker: from the moment the command that makes a job available is
// sent (create instance, complete the previous job, publish the message) until the job arrives.
import { Camunda8, type Zeebe } from '@camunda8/sdk';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    instances: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '64' },
    rate: { type: 'string' },
    warmup: { type: 'string', default: '200' },
    json: { type: 'boolean', default: false },
    address: { type: 'string' },
  },
});
const instances = Number(values.instances);
const concurrency = Number(values.concurrency);
const warmup = Number(values.warmup);

const run = randomBytes(4).toString('hex');
const processId = `bench-${run}`;
const types = ['bench-a', 'bench-b', 'bench-c'].map((t) => `${t}-${run}`);
const messageName = `bench-message-${run}`;

const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="bench" targetNamespace="bench">
  <bpmn:message id="msg" name="${messageName}"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="start"/>
    <bpmn:serviceTask id="a"><bpmn:extensionElements><zeebe:taskDefinition type="${types[0]}"/></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:serviceTask id="b"><bpmn:extensionElements><zeebe:taskDefinition type="${types[1]}"/></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="msg"/></bpmn:intermediateCatchEvent>
    <bpmn:serviceTask id="c"><bpmn:extensionElements><zeebe:taskDefinition type="${types[2]}"/></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="a"/>
    <bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="b"/>
    <bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="wait"/>
    <bpmn:sequenceFlow id="f4" sourceRef="wait" targetRef="c"/>
    <bpmn:sequenceFlow id="f5" sourceRef="c" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>`;

/** Starts `npm run engine` on a fresh data folder and a free port; resolves with its address. */
async function startEmbedded(): Promise<{ address: string; child: ChildProcess; dataDir: string }> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-engine-'));
  await fs.chmod(dataDir, 0o755);
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/engine.ts', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  const address = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /engine ready: Zeebe gateway API on (\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`engine exited with ${code}: ${output}`)));
  });
  // an interrupted bench must not leave its engine (and that engine's PostgreSQL) behind
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      child.kill('SIGTERM');
      child.once('exit', () => process.exit(130));
    });
  }
  return { address, child, dataDir };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  const embedded = values.address ? undefined : await startEmbedded();
  const address = values.address ?? embedded?.address ?? '';
  const zeebe = new Camunda8({
    ZEEBE_GRPC_ADDRESS: `grpc://${address}`,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_LOG_LEVEL: 'none',
    ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
  } as ConstructorParameters<typeof Camunda8>[0]).getZeebeGrpcApiClient();

  await zeebe.deployResource({ process: Buffer.from(bpmn), name: `${processId}.bpmn` });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const done = new Map<string, () => void>();
  const received = (orderId: string) => {
    const sent = sentAt.get(orderId);
    if (sent !== undefined) latencies.push(performance.now() - sent);
  };

  type Handler = Parameters<Zeebe.ZeebeGrpcClient['streamJobs']>[0]['taskHandler'];
  type Job = Parameters<Handler>[0] & { variables: { orderId: string } };
  const handlers: ((job: Job) => Promise<'JOB_ACTION_ACKNOWLEDGEMENT'>)[] = [
    async (job) => {
      received(job.variables.orderId);
      sentAt.set(job.variables.orderId, performance.now());
      return job.complete({ stepA: true });
    },
    async (job) => {
      received(job.variables.orderId);
      const ack = await job.complete({ stepB: true });
      sentAt.set(job.variables.orderId, performance.now());
      await zeebe.publishMessage({
        name: messageName,
        correlationKey: job.variables.orderId,
        variables: {},
        timeToLive: 60_000,
      });
      return ack;
    },
    async (job) => {
      received(job.variables.orderId);
      sentAt.delete(job.variables.orderId);
      const ack = await job.complete({ stepC: true });
      done.get(job.variables.orderId)?.();
      return ack;
    },
  ];
  const streams = await Promise.all(
    types.map((type, i) =>
      zeebe.streamJobs({
        type,
        worker: `bench-${i}`,
        timeout: 60_000,
        tenantIds: [],
        pollInterval: 5_000,
        taskHandler: handlers[i] as unknown as Handler,
      }),
    ),
  );

  let next = 0;
  const one = async (): Promise<void> => {
    const orderId = `${run}-${next++}`;
    const completed = new Promise<void>((resolve) => done.set(orderId, resolve));
    sentAt.set(orderId, performance.now());
    await zeebe.createProcessInstance({ bpmnProcessId: processId, variables: { orderId } });
    await completed;
    done.delete(orderId);
  };
  /** Runs `count` instances under the chosen load; resolves when all have completed. */
  const phase = async (count: number, started: number): Promise<void> => {
    const last = next + count;
    if (values.rate) {
      const interval = 1000 / Number(values.rate);
      const all: Promise<void>[] = [];
      for (let i = 0; i < count; i++) {
        const due = started + i * interval;
        if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
        all.push(one());
      }
      await Promise.all(all);
    } else {
      await Promise.all(
        Array.from({ length: Math.min(concurrency, count) }, async () => {
          while (next < last) await one();
        }),
      );
    }
  };

  // warm-up, not measured: connections, JIT and caches of either engine are then in their steady state
  if (warmup > 0) {
    if (!values.json) console.log(`warming up with ${warmup} instances`);
    await phase(warmup, performance.now());
    latencies.length = 0;
  }
  if (!values.json) console.log(`measuring ${instances} instances`);
  const started = performance.now();
  await phase(instances, started);
  const seconds = (performance.now() - started) / 1000;

  for (const stream of streams) stream.close();
  await zeebe.close();
  if (embedded) {
    embedded.child.kill('SIGTERM');
    await new Promise((r) => embedded.child.once('exit', r));
    await fs.rm(embedded.dataDir, { recursive: true, force: true });
  }

  latencies.sort((a, b) => a - b);
  const result = {
    instances,
    seconds: Number(seconds.toFixed(2)),
    instancesPerSecond: Number((instances / seconds).toFixed(1)),
    jobLatencyP50Ms: Number(percentile(latencies, 50).toFixed(2)),
    jobLatencyP99Ms: Number(percentile(latencies, 99).toFixed(2)),
  };
  if (!values.json) {
    console.log(`engine: ${values.address ? address : 'embedded (own process, embedded PostgreSQL)'}`);
    console.log(values.rate ? `load: ${values.rate} instances/s offered` : `load: ${concurrency} instances in flight`);
    console.log(`${result.instances} instances in ${result.seconds} s = ${result.instancesPerSecond}/s`);
    console.log(
      `job latency p50 ${result.jobLatencyP50Ms} ms, p99 ${result.jobLatencyP99Ms} ms (${latencies.length} jobs)`,
    );
  }
  console.log(JSON.stringify(result));
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
