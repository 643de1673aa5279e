// The benchmark's workload: instances of one process (three service tasks, a message catch and a user
// task, all done by SDK streaming workers) run under a chosen load against any Zeebe gateway.
//
// Job latency is measured at the worker: from the moment the command that makes a job available is
// sent (create instance, complete the previous job, publish the message) until the job arrives.
import type { Zeebe } from '@camunda8/sdk';
import { createEngineClient } from '../../lib/engine-client/index.js';
import { randomBytes } from 'node:crypto';

/** Zeebe's job type for job-based user tasks; the worker stands in for a person's form. */
const USER_TASK_TYPE = 'io.camunda.zeebe:userTask';

export interface Load {
  instances: number;
  /** Instances in flight at any time (closed loop), unless rate is set. */
  concurrency: number;
  /** Instances started per second whatever happens (open loop). */
  rate: number | undefined;
  /** Instances run first and not measured. */
  warmup: number;
  progress: (line: string) => void;
}

export interface WorkloadResult {
  instances: number;
  seconds: number;
  instancesPerSecond: number;
  jobLatencyP50Ms: number;
  jobLatencyP99Ms: number;
  jobs: number;
}

function model(run: string) {
  const processId = `bench-${run}`;
  const types = ['bench-a', 'bench-b', 'bench-c'].map((t) => `${t}-${run}`);
  const messageName = `bench-message-${run}`;
  const serviceTask = (id: string, type: string) =>
    `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}"/></bpmn:extensionElements></bpmn:serviceTask>`;
  const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="bench" targetNamespace="bench">
  <bpmn:message id="msg" name="${messageName}"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="start"/>
    ${serviceTask('a', types[0] ?? '')}
    ${serviceTask('b', types[1] ?? '')}
    <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="msg"/></bpmn:intermediateCatchEvent>
    ${serviceTask('c', types[2] ?? '')}
    <bpmn:userTask id="review"/>
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="a"/>
    <bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="b"/>
    <bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="wait"/>
    <bpmn:sequenceFlow id="f4" sourceRef="wait" targetRef="c"/>
    <bpmn:sequenceFlow id="f5" sourceRef="c" targetRef="review"/>
    <bpmn:sequenceFlow id="f6" sourceRef="review" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>`;
  return { processId, types: [...types, USER_TASK_TYPE], messageName, bpmn };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Runs the workload against the gateway at address; resolves when every measured instance is done. */
export async function runWorkload(address: string, load: Load): Promise<WorkloadResult> {
  const run = randomBytes(4).toString('hex');
  const { processId, types, messageName, bpmn } = model(run);
  const zeebe = createEngineClient(address);
  await zeebe.deployResource({ process: Buffer.from(bpmn), name: `${processId}.bpmn` });

  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const done = new Map<string, () => void>();
  const received = (orderId: string) => {
    const sent = sentAt.get(orderId);
    if (sent !== undefined) latencies.push(performance.now() - sent);
  };

  type Handler = Parameters<Zeebe.ZeebeGrpcClient['streamJobs']>[0]['taskHandler'];
  type Job = Parameters<Handler>[0] & { variables: { orderId?: string } };
  type Ack = 'JOB_ACTION_ACKNOWLEDGEMENT';
  /**
   * A worker step: records the job's latency and completes it. Without `after`, completing makes the next
   * job available, so the clock starts as the completion is sent; `after` runs once it is acknowledged.
   */
  const step =
    (variables: object, after?: (orderId: string) => Promise<void>) =>
    async (job: Job): Promise<Ack> => {
      const orderId = job.variables.orderId;
      // a user task job left by another (interrupted) bench run has no orderId of ours: just finish it
      if (orderId === undefined || !orderId.startsWith(run)) return job.complete({});
      received(orderId);
      if (!after) {
        sentAt.set(orderId, performance.now());
        return job.complete(variables);
      }
      const ack = await job.complete(variables);
      await after(orderId);
      return ack;
    };
  const handlers = [
    step({ stepA: true }),
    step({ stepB: true }, async (orderId) => {
      sentAt.set(orderId, performance.now());
      await zeebe.publishMessage({ name: messageName, correlationKey: orderId, variables: {}, timeToLive: 60_000 });
    }),
    step({ stepC: true }),
    step({ reviewed: true }, (orderId) => {
      sentAt.delete(orderId);
      done.get(orderId)?.();
      return Promise.resolve();
    }),
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
    if (load.rate) {
      const interval = 1000 / load.rate;
      const all: Promise<void>[] = [];
      for (let i = 0; i < count; i++) {
        const due = started + i * interval;
        if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
        all.push(one());
      }
      await Promise.all(all);
    } else {
      await Promise.all(
        Array.from({ length: Math.min(load.concurrency, count) }, async () => {
          while (next < last) await one();
        }),
      );
    }
  };

  // warm-up, not measured: connections, JIT and caches of either engine are then in their steady state
  if (load.warmup > 0) {
    load.progress(`warming up with ${load.warmup} instances`);
    await phase(load.warmup, performance.now());
    latencies.length = 0;
  }
  load.progress(`measuring ${load.instances} instances`);
  const started = performance.now();
  await phase(load.instances, started);
  const seconds = (performance.now() - started) / 1000;
  for (const stream of streams) stream.close();
  await zeebe.close();

  latencies.sort((a, b) => a - b);
  return {
    instances: load.instances,
    seconds: Number(seconds.toFixed(2)),
    instancesPerSecond: Number((load.instances / seconds).toFixed(1)),
    jobLatencyP50Ms: Number(percentile(latencies, 50).toFixed(2)),
    jobLatencyP99Ms: Number(percentile(latencies, 99).toFixed(2)),
    jobs: latencies.length,
  };
}
