// Inclusive (OR) gateways: the fork takes every flow whose condition is true (or the default flow), and the
// join waits for the tokens that can still reach it. Zeebe 8.6.0 and 8.8.21 answer every spec here the same
// way. Zeebe's gRPC API cannot read incidents (Operate shows them), so the incident specs assert that no flow
// was taken and check the incident itself only where it can be read: the embedded engine's table. The
// incident types and messages asserted there are those the Zeebe 8.6.0 broker wrote to its log.
import { expect } from 'chai';
import { end, exclusive, flow, parallel, path, serviceTask, start, uid } from '../support/bpmn.js';
import { testEngine, type TestEngine } from '../support/engine.js';
import { theIncident, type Incident } from '../support/incidents.js';
import { deploy, expectNoJob, nextJob } from '../support/probe.js';
import { pause } from '../support/waits.js';

/** An inclusive gateway, with an optional default flow (named by its id). */
const inclusive = (id: string, defaultFlow?: string) =>
  `<bpmn:inclusiveGateway id="${id}"${defaultFlow ? ` default="${defaultFlow}"` : ''}/>`;

/** How long a spec gives a wrongly taken flow or a wrongly activated join to show up as a job. */
const SETTLE_MS = 1000;

describe('engine: inclusive gateway', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  const startInstance = (bpmnProcessId: string, variables: Record<string, string | boolean | string[]> = {}) =>
    engine.zeebe.createProcessInstance({ bpmnProcessId, variables });

  /** Checks the instance's one incident where the engine lets a spec read it (the embedded engine only). */
  async function expectIncidentWhereReadable(
    processInstanceKey: string,
    expected: Pick<Incident, 'elementId' | 'errorType' | 'errorMessage'>,
  ): Promise<void> {
    if (!engine.sql) return;
    const incident = await theIncident(engine, processInstanceKey);
    expect(incident).to.include({ ...expected, jobKey: null });
  }

  /**
   * start -> Gateway_Documents, which forks to a check per document the applicant brought (passport, lease,
   * employment contract), or by default to Task_Request; with `join`, the checks meet again in Gateway_Checked
   * and continue to Task_Register.
   */
  async function deployDocumentChecks(options: { withDefault: boolean; join: boolean }) {
    const id = uid('document-checks');
    const types = {
      passport: uid('check-passport'),
      lease: uid('check-lease'),
      contract: uid('check-contract'),
      request: uid('request-documents'),
      register: uid('register'),
    };
    await deploy(engine.zeebe, id, [
      start(),
      inclusive('Gateway_Documents', options.withDefault ? 'Flow_Default' : undefined),
      serviceTask('Task_Passport', types.passport),
      serviceTask('Task_Lease', types.lease),
      serviceTask('Task_Contract', types.contract),
      flow('start', 'Gateway_Documents'),
      flow('Gateway_Documents', 'Task_Passport', '=list contains(documents, "passport")'),
      flow('Gateway_Documents', 'Task_Lease', '=list contains(documents, "lease")'),
      flow('Gateway_Documents', 'Task_Contract', '=list contains(documents, "contract")'),
      ...(options.withDefault
        ? [
            serviceTask('Task_Request', types.request),
            flow('Gateway_Documents', 'Task_Request', undefined, 'Flow_Default'),
          ]
        : []),
      ...(options.join
        ? [
            inclusive('Gateway_Checked'),
            serviceTask('Task_Register', types.register),
            end(),
            flow('Task_Passport', 'Gateway_Checked'),
            flow('Task_Lease', 'Gateway_Checked'),
            flow('Task_Contract', 'Gateway_Checked'),
            path('Gateway_Checked', 'Task_Register', 'end'),
          ]
        : []),
    ]);
    return { id, types };
  }

  describe('fork', () => {
    it('InclusiveGateway fork: takes every outgoing flow whose condition is true (2 of 3), and not the default flow', async () => {
      // given
      const { id, types } = await deployDocumentChecks({ withDefault: true, join: false });
      // when the passport and lease conditions hold, the contract condition does not
      const { processInstanceKey } = await startInstance(id, { documents: ['passport', 'lease'] });
      // then both true flows are taken, each with the instance's variables
      const passport = await nextJob(engine.zeebe, types.passport);
      const lease = await nextJob(engine.zeebe, types.lease);
      expect([passport.processInstanceKey, lease.processInstanceKey]).to.deep.equal([
        processInstanceKey,
        processInstanceKey,
      ]);
      expect([passport.elementId, lease.elementId]).to.deep.equal(['Task_Passport', 'Task_Lease']);
      expect(passport.variables).to.deep.equal({ documents: ['passport', 'lease'] });
      // and neither the false flow nor the default flow
      await expectNoJob(engine.zeebe, types.contract);
      await expectNoJob(engine.zeebe, types.request);
    });

    it('InclusiveGateway fork: takes only the default flow when no condition is true', async () => {
      // given
      const { id, types } = await deployDocumentChecks({ withDefault: true, join: false });
      // when
      await startInstance(id, { documents: [] });
      // then
      const request = await nextJob(engine.zeebe, types.request);
      expect(request.elementId).to.equal('Task_Request');
      await expectNoJob(engine.zeebe, types.passport);
      await expectNoJob(engine.zeebe, types.lease);
      await expectNoJob(engine.zeebe, types.contract);
    });

    it('InclusiveGateway fork with no true condition and no default flow: takes no flow (CONDITION_ERROR incident on the gateway)', async () => {
      // given
      const { id, types } = await deployDocumentChecks({ withDefault: false, join: false });
      // when
      const { processInstanceKey } = await startInstance(id, { documents: ['birth certificate'] });
      // then
      await pause(SETTLE_MS);
      await expectNoJob(engine.zeebe, types.passport);
      await expectNoJob(engine.zeebe, types.lease);
      await expectNoJob(engine.zeebe, types.contract);
      await expectIncidentWhereReadable(processInstanceKey, {
        elementId: 'Gateway_Documents',
        errorType: 'CONDITION_ERROR',
        errorMessage: 'Expected at least one condition to evaluate to true, or to have a default flow',
      });
    });

    it('InclusiveGateway fork: a condition that is not a boolean takes no flow, not even one whose condition is true (EXTRACT_VALUE_ERROR incident on the gateway)', async () => {
      // given a fork whose first condition is the variable `urgent`, and whose second is always true
      const id = uid('non-boolean');
      const types = { urgent: uid('urgent'), always: uid('always') };
      await deploy(engine.zeebe, id, [
        start(),
        inclusive('Gateway_Route'),
        serviceTask('Task_Urgent', types.urgent),
        serviceTask('Task_Always', types.always),
        flow('start', 'Gateway_Route'),
        flow('Gateway_Route', 'Task_Urgent', '=urgent'),
        flow('Gateway_Route', 'Task_Always', '=true'),
      ]);
      // when `urgent` is a string
      const { processInstanceKey } = await startInstance(id, { urgent: 'yes' });
      // then
      await pause(SETTLE_MS);
      await expectNoJob(engine.zeebe, types.urgent);
      await expectNoJob(engine.zeebe, types.always);
      await expectIncidentWhereReadable(processInstanceKey, {
        elementId: 'Gateway_Route',
        errorType: 'EXTRACT_VALUE_ERROR',
        errorMessage: "Expected result of the expression 'urgent' to be 'BOOLEAN', but was 'STRING'.",
      });
    });
  });

  describe('join', () => {
    it('InclusiveGateway join: waits for the tokens of the flows the fork took (2 of 3), then continues exactly once with the variables of both', async () => {
      // given an instance whose fork took the passport and lease checks
      const { id, types } = await deployDocumentChecks({ withDefault: true, join: true });
      await startInstance(id, { documents: ['passport', 'lease'] });
      const passport = await nextJob(engine.zeebe, types.passport);
      const lease = await nextJob(engine.zeebe, types.lease);
      // when one check completes
      await engine.zeebe.completeJob({ jobKey: passport.key, variables: { passportChecked: true } });
      // then the join waits for the other
      await pause(SETTLE_MS);
      await expectNoJob(engine.zeebe, types.register);
      // when the other completes
      await engine.zeebe.completeJob({ jobKey: lease.key, variables: { leaseChecked: true } });
      // then the flow continues once, with both checks' variables, without waiting for the contract check
      const register = await nextJob(engine.zeebe, types.register);
      expect(register.variables).to.deep.equal({
        documents: ['passport', 'lease'],
        passportChecked: true,
        leaseChecked: true,
      });
      await pause(SETTLE_MS);
      await expectNoJob(engine.zeebe, types.register);
    });

    it('InclusiveGateway join: waits for a token that can still reach it through the incoming flow of a branch the fork did not take', async () => {
      // given a parallel split into Gateway_Fork (which takes only Task_A; its flow to Task_B is false)
      // and Task_X, which leads into Task_B: so Task_X's token can still reach the join through Task_B
      const id = uid('join-reachable');
      const types = { a: uid('a'), b: uid('b'), x: uid('x'), after: uid('after') };
      await deploy(engine.zeebe, id, [
        start(),
        parallel('Gateway_Split'),
        inclusive('Gateway_Fork'),
        serviceTask('Task_A', types.a),
        serviceTask('Task_B', types.b),
        serviceTask('Task_X', types.x),
        inclusive('Gateway_Join'),
        serviceTask('Task_After', types.after),
        path('start', 'Gateway_Split', 'Gateway_Fork'),
        flow('Gateway_Split', 'Task_X'),
        flow('Gateway_Fork', 'Task_A', '=true'),
        flow('Gateway_Fork', 'Task_B', '=false'),
        path('Task_A', 'Gateway_Join'),
        path('Task_X', 'Task_B', 'Gateway_Join'),
        path('Gateway_Join', 'Task_After'),
      ]);
      await startInstance(id);
      const a = await nextJob(engine.zeebe, types.a);
      const x = await nextJob(engine.zeebe, types.x);
      // when the taken branch reaches the join
      await engine.zeebe.completeJob({ jobKey: a.key, variables: {} });
      // then the join waits, because Task_X can still reach it through the not-taken flow from Task_B
      await pause(SETTLE_MS);
      await expectNoJob(engine.zeebe, types.after);
      // and it still waits while that token is in Task_B
      await engine.zeebe.completeJob({ jobKey: x.key, variables: {} });
      const b = await nextJob(engine.zeebe, types.b);
      await pause(SETTLE_MS);
      await expectNoJob(engine.zeebe, types.after);
      // when that token arrives too
      await engine.zeebe.completeJob({ jobKey: b.key, variables: {} });
      // then the join continues, once
      await nextJob(engine.zeebe, types.after);
      await pause(SETTLE_MS);
      await expectNoJob(engine.zeebe, types.after);
    });

    it('InclusiveGateway join: does not wait for a token that can reach it only through an incoming flow already taken; that token activates it a second time', async () => {
      // given a fork that takes Task_A1 and Task_A2, which merge into the join's one incoming flow from
      // Gateway_Merge, and not Task_B (the join's other incoming flow)
      const id = uid('join-taken-flow');
      const types = { a1: uid('a1'), a2: uid('a2'), b: uid('b'), after: uid('after') };
      await deploy(engine.zeebe, id, [
        start(),
        inclusive('Gateway_Fork'),
        serviceTask('Task_A1', types.a1),
        serviceTask('Task_A2', types.a2),
        serviceTask('Task_B', types.b),
        exclusive('Gateway_Merge'),
        inclusive('Gateway_Join'),
        serviceTask('Task_After', types.after),
        end(),
        flow('start', 'Gateway_Fork'),
        flow('Gateway_Fork', 'Task_A1', '=true'),
        flow('Gateway_Fork', 'Task_A2', '=true'),
        flow('Gateway_Fork', 'Task_B', '=false'),
        path('Task_A1', 'Gateway_Merge', 'Gateway_Join'),
        path('Task_A2', 'Gateway_Merge'),
        path('Task_B', 'Gateway_Join'),
        path('Gateway_Join', 'Task_After', 'end'),
      ]);
      const { processInstanceKey } = await startInstance(id);
      const a1 = await nextJob(engine.zeebe, types.a1);
      const a2 = await nextJob(engine.zeebe, types.a2);
      // when Task_A1's token reaches the join while Task_A2 is still active
      await engine.zeebe.completeJob({ jobKey: a1.key, variables: { a1Done: true } });
      // then the join continues at once: Task_A2 could only arrive on the flow that is already taken
      const first = await nextJob(engine.zeebe, types.after);
      expect(first.variables).to.deep.equal({ a1Done: true });
      // when Task_A2's token arrives later on that same flow
      await engine.zeebe.completeJob({ jobKey: a2.key, variables: { a2Done: true } });
      // then it activates the join again: a second Task_After in the same instance
      const second = await nextJob(engine.zeebe, types.after);
      expect(second.key).not.to.equal(first.key);
      expect(second.processInstanceKey).to.equal(processInstanceKey);
      expect(second.variables).to.deep.equal({ a1Done: true, a2Done: true });
      await expectNoJob(engine.zeebe, types.b);
    });

    it('InclusiveGateway join: once waiting for a token, it is not released when that token turns away to an end event; the instance stays active (Zeebe issue #19460)', async () => {
      // given a parallel split into Task_A (-> join) and Task_B, after which Gateway_Route goes to the join
      // when toJoin is true and otherwise (default) to End_Elsewhere
      const id = uid('join-abandoned');
      const types = { a: uid('a'), b: uid('b'), after: uid('after') };
      await deploy(engine.zeebe, id, [
        start(),
        parallel('Gateway_Split'),
        serviceTask('Task_A', types.a),
        serviceTask('Task_B', types.b),
        exclusive('Gateway_Route', 'Flow_Elsewhere'),
        inclusive('Gateway_Join'),
        serviceTask('Task_After', types.after),
        end('End_Elsewhere'),
        flow('start', 'Gateway_Split'),
        path('Gateway_Split', 'Task_A', 'Gateway_Join', 'Task_After'),
        path('Gateway_Split', 'Task_B', 'Gateway_Route'),
        flow('Gateway_Route', 'Gateway_Join', '=toJoin'),
        flow('Gateway_Route', 'End_Elsewhere', undefined, 'Flow_Elsewhere'),
      ]);
      const { processInstanceKey } = await startInstance(id, { toJoin: false });
      const a = await nextJob(engine.zeebe, types.a);
      const b = await nextJob(engine.zeebe, types.b);
      // when Task_A's token reaches the join, which waits because Task_B could still reach it
      await engine.zeebe.completeJob({ jobKey: a.key, variables: {} });
      await pause(SETTLE_MS);
      await expectNoJob(engine.zeebe, types.after);
      // and Task_B's token then goes to End_Elsewhere instead
      await engine.zeebe.completeJob({ jobKey: b.key, variables: {} });
      // then the join is not re-evaluated: it never continues, and the instance does not complete
      await pause(2 * SETTLE_MS);
      await expectNoJob(engine.zeebe, types.after);
      // (cancelling succeeds only because the instance is still active; a completed one answers NOT_FOUND)
      await engine.zeebe.cancelProcessInstance(processInstanceKey);
    });
  });
});
