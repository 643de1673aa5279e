// MigrateProcessInstance: moving a waiting instance to another process definition through mapping
// instructions (what its job keeps and what it takes from the target, where the flow goes on), and the
// rejections, which name the instance and the element. Each task has its own job type, so the job that
// appears shows which definition's flow the instance follows.
import { expect } from 'chai';
import { end, headers, io, path, serviceTask, start, subProcess, uid } from '../support/bpmn.js';
import { testEngine, type TestEngine } from '../support/engine.js';
import { deploy, eventually, expectNoJob, expectStatus, nextJob, type Job } from '../support/probe.js';

/** A key no engine has handed out in these specs. */
const UNKNOWN_KEY = '2251799813999959';

describe('engine: process instance migration', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  const migrate = (
    processInstanceKey: string,
    targetProcessDefinitionKey: string,
    mappingInstructions: { sourceElementId: string; targetElementId: string }[],
  ) =>
    engine.zeebe.migrateProcessInstance({
      processInstanceKey,
      migrationPlan: { targetProcessDefinitionKey, mappingInstructions },
    });

  /** Hands an activated job back (FailJob with a retry and no back-off), so that activating it again shows it as it is now. */
  async function reactivate(job: Job, type: string): Promise<Job> {
    await engine.zeebe.failJob({ jobKey: job.key, retries: 1, errorMessage: 'look again', retryBackOff: 0 });
    return nextJob(engine.zeebe, type);
  }

  /**
   * v1: start → Task_Check → Task_Old → end. v2: start → Task_Verify (another job type, header and an input
   * mapping) → Task_New → end. An instance of v1 waits at Task_Check with `{ x: 1 }`.
   */
  async function waitingInV1() {
    const id = uid('migrate');
    const types = {
      check: uid('check-passport'),
      old: uid('old-step'),
      verify: uid('verify-passport'),
      next: uid('new-step'),
    };
    const v1 = await deploy(engine.zeebe, id, [
      start(),
      serviceTask('Task_Check', types.check, headers({ v: '1' })),
      serviceTask('Task_Old', types.old),
      end(),
      path('start', 'Task_Check', 'Task_Old', 'end'),
    ]);
    const v2 = await deploy(engine.zeebe, id, [
      start(),
      serviceTask('Task_Verify', types.verify, headers({ v: '2' }) + io({ mapped: '="from v2"' })),
      serviceTask('Task_New', types.next),
      end(),
      path('start', 'Task_Verify', 'Task_New', 'end'),
    ]);
    const { processInstanceKey } = await engine.zeebe.createProcessInstance({
      bpmnProcessId: id,
      version: v1.version,
      variables: { x: 1 },
    });
    const job = await nextJob(engine.zeebe, types.check);
    return { id, types, v1, v2, processInstanceKey, job };
  }

  it("MigrateProcessInstance: a waiting service task mapped to v2's task keeps its job (same key and element instance key), which then reports v2's definition, version and element id but keeps its type, headers and variables; completing it goes on in v2's flow", async () => {
    // given
    const { id, types, v1, v2, processInstanceKey, job } = await waitingInV1();
    expect(job).to.include({ processDefinitionKey: v1.processDefinitionKey, processDefinitionVersion: 1 });
    // when
    const response = await migrate(processInstanceKey, v2.processDefinitionKey, [
      { sourceElementId: 'Task_Check', targetElementId: 'Task_Verify' },
    ]);
    // then the response is empty and the same job now belongs to v2's Task_Verify
    expect(response).to.deep.equal({});
    const migrated = await reactivate(job, types.check);
    expect(migrated).to.include({
      key: job.key,
      elementInstanceKey: job.elementInstanceKey,
      processInstanceKey,
      bpmnProcessId: id,
      processDefinitionKey: v2.processDefinitionKey,
      processDefinitionVersion: 2,
      elementId: 'Task_Verify',
      type: types.check,
    });
    // with v1's headers, and without v2's input mapping
    expect(migrated.customHeaders).to.deep.equal({ v: '1' });
    expect(migrated.variables).to.deep.equal({ x: 1 });
    await expectNoJob(engine.zeebe, types.verify);
    // when it completes, the flow goes on in v2
    await engine.zeebe.completeJob({ jobKey: job.key, variables: { checked: true } });
    const next = await nextJob(engine.zeebe, types.next);
    expect(next).to.include({
      elementId: 'Task_New',
      processInstanceKey,
      processDefinitionKey: v2.processDefinitionKey,
      processDefinitionVersion: 2,
    });
    expect(next.variables).to.deep.equal({ x: 1, checked: true });
    await expectNoJob(engine.zeebe, types.old);
  });

  it('MigrateProcessInstance: the target may be an older version or a definition of another process id', async () => {
    // given an instance of v2 waiting at Task_Verify
    const { types, v1, v2, processInstanceKey, job } = await waitingInV1();
    await migrate(processInstanceKey, v2.processDefinitionKey, [
      { sourceElementId: 'Task_Check', targetElementId: 'Task_Verify' },
    ]);
    // when it is migrated back to v1
    await migrate(processInstanceKey, v1.processDefinitionKey, [
      { sourceElementId: 'Task_Verify', targetElementId: 'Task_Check' },
    ]);
    // then
    expect(await reactivate(job, types.check)).to.include({
      processDefinitionKey: v1.processDefinitionKey,
      processDefinitionVersion: 1,
      elementId: 'Task_Check',
    });
    // when it is migrated to another process
    const other = uid('migrate-other');
    const target = await deploy(engine.zeebe, other, [
      start(),
      serviceTask('Task_Elsewhere', uid('elsewhere')),
      end(),
      path('start', 'Task_Elsewhere', 'end'),
    ]);
    await migrate(processInstanceKey, target.processDefinitionKey, [
      { sourceElementId: 'Task_Check', targetElementId: 'Task_Elsewhere' },
    ]);
    // then
    expect(await reactivate(job, types.check)).to.include({
      key: job.key,
      bpmnProcessId: other,
      processDefinitionKey: target.processDefinitionKey,
      processDefinitionVersion: 1,
      elementId: 'Task_Elsewhere',
    });
    await engine.zeebe.completeJob({ jobKey: job.key, variables: {} });
    await eventually(() => expectStatus(engine.zeebe.cancelProcessInstance(processInstanceKey), 'NOT_FOUND'));
  });

  describe('rejections', () => {
    it('MigrateProcessInstance: an active element without a mapping instruction is FAILED_PRECONDITION, even when the target has an element of the same id; the instance stays in its definition', async () => {
      // given
      const { id, types, v1, processInstanceKey, job } = await waitingInV1();
      const sameIds = await deploy(engine.zeebe, id, [
        start(),
        serviceTask('Task_Check', types.check),
        end(),
        path('start', 'Task_Check', 'end'),
      ]);
      // when
      const text = await expectStatus(
        migrate(processInstanceKey, sameIds.processDefinitionKey, []),
        'FAILED_PRECONDITION',
      );
      // then
      expect(text).to.contain(
        `Command 'MIGRATE' rejected with code 'INVALID_STATE': Expected to migrate process instance '${processInstanceKey}' but no mapping instruction defined for active element with id 'Task_Check'. Elements cannot be migrated without a mapping.`,
      );
      expect(await reactivate(job, types.check)).to.include({ processDefinitionKey: v1.processDefinitionKey });
      await engine.zeebe.completeJob({ jobKey: job.key, variables: {} });
      expect((await nextJob(engine.zeebe, types.old)).elementId).to.equal('Task_Old');
    });

    it('MigrateProcessInstance: an unknown target process definition key, or an unknown or ended process instance, is NOT_FOUND', async () => {
      // given
      const { v2, processInstanceKey, job } = await waitingInV1();
      const mapping = [{ sourceElementId: 'Task_Check', targetElementId: 'Task_Verify' }];
      // unknown target
      const target = await expectStatus(migrate(processInstanceKey, UNKNOWN_KEY, mapping), 'NOT_FOUND');
      expect(target).to.contain(
        `Expected to migrate process instance to process definition but no process definition found with key '${UNKNOWN_KEY}'`,
      );
      // unknown instance
      const unknown = await expectStatus(migrate(UNKNOWN_KEY, v2.processDefinitionKey, mapping), 'NOT_FOUND');
      expect(unknown).to.contain(
        `Expected to migrate process instance but no process instance found with key '${UNKNOWN_KEY}'`,
      );
      // ended instance
      await engine.zeebe.cancelProcessInstance(processInstanceKey);
      const ended = await expectStatus(migrate(processInstanceKey, v2.processDefinitionKey, mapping), 'NOT_FOUND');
      expect(ended).to.contain(
        `Expected to migrate process instance but no process instance found with key '${processInstanceKey}'`,
      );
      await expectStatus(engine.zeebe.completeJob({ jobKey: job.key, variables: {} }), 'NOT_FOUND');
    });

    it('MigrateProcessInstance: a mapping instruction with an unknown source or target element id, or a source element mapped twice, is INVALID_ARGUMENT', async () => {
      // given
      const { v2, processInstanceKey } = await waitingInV1();
      const rejected = (mappings: [string, string][]) =>
        expectStatus(
          migrate(
            processInstanceKey,
            v2.processDefinitionKey,
            mappings.map(([sourceElementId, targetElementId]) => ({ sourceElementId, targetElementId })),
          ),
          'INVALID_ARGUMENT',
        );
      const prefix = `Expected to migrate process instance '${processInstanceKey}' but`;
      // when / then
      expect(await rejected([['Task_Nope', 'Task_Verify']])).to.contain(
        `${prefix} mapping instructions contain a non-existing source element id 'Task_Nope'. Elements provided in mapping instructions must exist in the source process definition.`,
      );
      expect(await rejected([['Task_Check', 'Task_Nope']])).to.contain(
        `${prefix} mapping instructions contain a non-existing target element id 'Task_Nope'. Elements provided in mapping instructions must exist in the target process definition.`,
      );
      expect(
        await rejected([
          ['Task_Check', 'Task_Verify'],
          ['Task_Check', 'Task_New'],
        ]),
      ).to.contain(`${prefix} the mapping instructions contain duplicate source element ids '[Task_Check]'.`);
    });

    it('MigrateProcessInstance: mapping an active element to an element of another type, or into another flow scope, is FAILED_PRECONDITION', async () => {
      // given
      const { id, types, v2, processInstanceKey } = await waitingInV1();
      const prefix = `Expected to migrate process instance '${processInstanceKey}' but`;
      // when the service task is mapped to an end event
      const type = await expectStatus(
        migrate(processInstanceKey, v2.processDefinitionKey, [
          { sourceElementId: 'Task_Check', targetElementId: 'end' },
        ]),
        'FAILED_PRECONDITION',
      );
      // then
      expect(type).to.contain(
        `${prefix} active element with id 'Task_Check' and type 'SERVICE_TASK' is mapped to an element with id 'end' and different type 'END_EVENT'. Elements must be mapped to elements of the same type.`,
      );
      // when it is mapped to a task inside a subprocess
      const nested = await deploy(engine.zeebe, id, [
        start(),
        subProcess('Sub_Review', [
          start('Sub_Start'),
          serviceTask('Task_Check', types.check),
          end('Sub_End'),
          path('Sub_Start', 'Task_Check', 'Sub_End'),
        ]),
        end(),
        path('start', 'Sub_Review', 'end'),
      ]);
      const scope = await expectStatus(
        migrate(processInstanceKey, nested.processDefinitionKey, [
          { sourceElementId: 'Task_Check', targetElementId: 'Task_Check' },
        ]),
        'FAILED_PRECONDITION',
      );
      // then
      expect(scope).to.contain(
        `${prefix} the flow scope of active element with id 'Task_Check' is changed. The flow scope of the active element is expected to be '${id}' but was 'Sub_Review'. The flow scope of an element cannot be changed during migration yet.`,
      );
    });
  });
});
