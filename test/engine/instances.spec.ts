// Process instances and variables: creating (by id, version or key, optionally awaiting the result),
// cancelling, SetVariables, and how input and output mappings scope and propagate variables.
import { expect } from 'chai';
import { end, io, path, serviceTask, start, uid } from '../support/bpmn.js';
import { sinceZeebe, testEngine, type TestEngine } from '../support/engine.js';
import { deploy, deployTaskThenProbe, expectNoJob, expectStatus, nextJob } from '../support/probe.js';

/** The SDK's own gRPC client, for request fields its convenience methods do not pass (processDefinitionKey). */
interface RawGateway {
  createProcessInstanceSync(request: object): Promise<{ processInstanceKey: string; version: number }>;
  createProcessInstanceWithResultSync(request: object): Promise<unknown>;
}
const raw = (engine: TestEngine) => (engine.zeebe as unknown as { grpc: Promise<RawGateway> }).grpc;

describe('engine: process instances and variables', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  /** Deploys a process `id` with one job of `type`, in two versions that differ in a header. */
  async function twoVersions(id: string, type: string) {
    const v1 = await deploy(engine.zeebe, id, [
      start(),
      serviceTask('work', type, '<zeebe:taskHeaders><zeebe:header key="v" value="1"/></zeebe:taskHeaders>'),
      end(),
      path('start', 'work', 'end'),
    ]);
    const v2 = await deploy(engine.zeebe, id, [
      start(),
      serviceTask('work', type, '<zeebe:taskHeaders><zeebe:header key="v" value="2"/></zeebe:taskHeaders>'),
      end(),
      path('start', 'work', 'end'),
    ]);
    return { v1, v2 };
  }

  it('CreateProcessInstance: by process id runs the latest version; by id and version runs that version (Zeebe versioning)', async () => {
    const [id, type] = [uid('versions'), uid('work')];
    const { v1, v2 } = await twoVersions(id, type);
    const latest = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    expect(latest.version).to.equal(v2.version);
    expect((await nextJob(engine.zeebe, type)).customHeaders).to.deep.equal({ v: '2' });
    const first = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, version: v1.version, variables: {} });
    expect(first.processDefinitionKey).to.equal(v1.processDefinitionKey);
    expect((await nextJob(engine.zeebe, type)).customHeaders).to.deep.equal({ v: '1' });
  });

  it('CreateProcessInstance: by process definition key runs that definition', async () => {
    const [id, type] = [uid('bykey'), uid('work')];
    const { v1 } = await twoVersions(id, type);
    const grpc = await raw(engine);
    const created = await grpc.createProcessInstanceSync({
      processDefinitionKey: v1.processDefinitionKey,
      variables: '{}',
    });
    expect(created.version).to.equal(v1.version);
    expect((await nextJob(engine.zeebe, type)).customHeaders).to.deep.equal({ v: '1' });
  });

  it('CreateProcessInstance: an unknown process id, version or key is NOT_FOUND', async () => {
    const id = uid('missing');
    await expectStatus(engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} }), 'NOT_FOUND');
    const [known, type] = [uid('known'), uid('work')];
    await twoVersions(known, type);
    await expectStatus(
      engine.zeebe.createProcessInstance({ bpmnProcessId: known, version: 99, variables: {} }),
      'NOT_FOUND',
    );
    await expectStatus(
      (await raw(engine)).createProcessInstanceSync({ processDefinitionKey: '2251799813999997', variables: '{}' }),
      'NOT_FOUND',
    );
  });

  it('CreateProcessInstance: variables that are not a JSON object are INVALID_ARGUMENT', async function () {
    const [known, type] = [uid('known'), uid('work')];
    await twoVersions(known, type);
    await expectStatus(
      (await raw(engine)).createProcessInstanceSync({ bpmnProcessId: known, version: -1, variables: '"text"' }),
      'INVALID_ARGUMENT',
    );
  });

  it('CreateProcessInstanceWithResult: returns the final variables, only those asked for with fetchVariables', async () => {
    const id = uid('result');
    await deploy(engine.zeebe, id, [start(), end(), path('start', 'end')]);
    const all = await engine.zeebe.createProcessInstanceWithResult({
      bpmnProcessId: id,
      variables: { a: 1, b: 'two' },
    });
    expect(all.variables).to.deep.equal({ a: 1, b: 'two' });
    const some = await engine.zeebe.createProcessInstanceWithResult({
      bpmnProcessId: id,
      variables: { a: 1, b: 'two' },
      fetchVariables: ['b'],
    });
    expect(some.variables).to.deep.equal({ b: 'two' });
  });

  it('CreateProcessInstanceWithResult: an instance that does not finish in the request timeout is DEADLINE_EXCEEDED', async function () {
    const [id, type] = [uid('slow'), uid('never')];
    await deploy(engine.zeebe, id, [start(), serviceTask('wait', type), end(), path('start', 'wait', 'end')]);
    // the raw call, because the SDK's convenience method retries DEADLINE_EXCEEDED by itself
    const grpc = await raw(engine);
    const request = { request: { bpmnProcessId: id, version: -1, variables: '{}' }, requestTimeout: 1000 };
    await expectStatus(grpc.createProcessInstanceWithResultSync(request), 'DEADLINE_EXCEEDED');
  });

  it('CancelProcessInstance: terminates the instance and its jobs; an ended or unknown instance is NOT_FOUND', async () => {
    const [id, type] = [uid('cancel'), uid('work')];
    await deploy(engine.zeebe, id, [start(), serviceTask('work', type), end(), path('start', 'work', 'end')]);
    const created = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await nextJob(engine.zeebe, type);
    await engine.zeebe.cancelProcessInstance(created.processInstanceKey);
    await expectStatus(engine.zeebe.completeJob({ jobKey: job.key, variables: {} }), 'NOT_FOUND');
    await expectNoJob(engine.zeebe, type);
    await expectStatus(engine.zeebe.cancelProcessInstance(created.processInstanceKey), 'NOT_FOUND');
  });

  it('SetVariables: local=false updates the variable where it lives; local=true shadows it in the element scope', async () => {
    // given an instance waiting at a task, with x at the process level
    const type = uid('work');
    const { id, probe } = await deployTaskThenProbe(engine.zeebe, type);
    const created = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { x: 1 } });
    const job = await nextJob(engine.zeebe, type);
    // when x is set on the task without local (propagates to the process) and y locally on the task
    await engine.zeebe.setVariables({ elementInstanceKey: job.elementInstanceKey, variables: { x: 2 }, local: false });
    await engine.zeebe.setVariables({
      elementInstanceKey: job.elementInstanceKey,
      variables: { y: 'local' },
      local: true,
    });
    await engine.zeebe.setVariables({
      elementInstanceKey: created.processInstanceKey,
      variables: { z: true },
      local: true,
    });
    await engine.zeebe.completeJob({ jobKey: job.key, variables: {} });
    // then the local y is gone with the task, x was updated and z set on the process
    expect((await nextJob(engine.zeebe, probe)).variables).to.deep.equal({ x: 2, z: true });
  });

  it('SetVariables: an unknown element instance is NOT_FOUND', async () => {
    await expectStatus(
      engine.zeebe.setVariables({ elementInstanceKey: '2251799813999996', variables: { a: 1 }, local: false }),
      'NOT_FOUND',
    );
  });

  it('Input mappings create local variables of the task; output mappings decide what reaches the process (Zeebe variable mappings)', async () => {
    // given a task with input mappings and output mappings
    const type = uid('work');
    const mappings = io(
      { customerName: '=customer.name', greeting: '="Hello " + customerName' },
      { result: '=answer * 2', 'summary.by': '=customerName' },
    );
    const { id, probe } = await deployTaskThenProbe(engine.zeebe, type, mappings);
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { customer: { name: 'Ada' } } });
    // when the worker sees the mapped inputs and completes with answer and noise
    const job = await nextJob(engine.zeebe, type);
    expect(job.variables).to.include({ customerName: 'Ada', greeting: 'Hello Ada' });
    await engine.zeebe.completeJob({ jobKey: job.key, variables: { answer: 21, noise: 'dropped' } });
    // then only the output mappings reached the process
    expect((await nextJob(engine.zeebe, probe)).variables).to.deep.equal({
      customer: { name: 'Ada' },
      result: 42,
      summary: { by: 'Ada' },
    });
  });

  it('Without output mappings, a completion variable named like an input-mapped local updates only the local (Zeebe propagation)', async () => {
    const type = uid('work');
    const { id, probe } = await deployTaskThenProbe(engine.zeebe, type, io({ status: '="mapped"' }));
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { status: 'original' } });
    const job = await nextJob(engine.zeebe, type);
    await engine.zeebe.completeJob({ jobKey: job.key, variables: { status: 'from worker', other: 1 } });
    expect((await nextJob(engine.zeebe, probe)).variables).to.deep.equal({ status: 'original', other: 1 });
  });

  it('A missing source variable in a mapping yields null, not an incident (Zeebe 8 mapping semantics)', async () => {
    const [id, type] = [uid('nullmap'), uid('work')];
    await deploy(engine.zeebe, id, [
      start(),
      serviceTask('work', type, io({ copied: '=doesNotExist' })),
      end(),
      path('start', 'work', 'end'),
    ]);
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    expect((await nextJob(engine.zeebe, type)).variables).to.deep.equal({ copied: null });
  });

  it('An input mapping without a source sets its target to null (as Camunda Modeler writes an empty source)', async function () {
    // Zeebe 8.6 refuses the deploy ("Expected expression but not found."); 8.8 documents null
    sinceZeebe(engine, '8.8', this);
    // given a mapping whose source attribute is empty
    const [id, type] = [uid('emptymap'), uid('work')];
    await deploy(engine.zeebe, id, [
      start(),
      serviceTask('work', type, '<zeebe:ioMapping><zeebe:input source="" target="reason"/></zeebe:ioMapping>'),
      end(),
      path('start', 'work', 'end'),
    ]);
    // when
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { caseId: 'c-1' } });
    // then
    expect((await nextJob(engine.zeebe, type)).variables).to.deep.equal({ caseId: 'c-1', reason: null });
  });
});
