// Topology and DeployResource: what a client sees when it connects and deploys.
import { expect } from 'chai';
import { end, path, serviceTask, start, uid } from '../support/bpmn.js';
import { embeddedOnly, testEngine, type TestEngine } from '../support/engine.js';
import { deploy, expectStatus } from '../support/probe.js';

const PARTITION_ONE_FIRST_KEY = 2n ** 51n;

describe('engine: topology and deployment', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  it('Topology: reports one broker with partition 1 as a healthy leader (Zeebe single-node topology)', async () => {
    const topology = await engine.zeebe.topology();
    expect(topology.clusterSize).to.equal(1);
    expect(topology.partitionsCount).to.equal(1);
    expect(topology.brokers).to.have.length(1);
    expect(topology.brokers[0]?.partitions).to.deep.include({ partitionId: 1, role: 'LEADER', health: 'HEALTHY' });
  });

  it('DeployResource: identical content keeps its version and key; changed content gets the next version (Zeebe duplicate detection)', async () => {
    // given
    const id = uid('versioned');
    const body = [start(), serviceTask('work', uid('job')), end(), path('start', 'work', 'end')];
    // when
    const first = await deploy(engine.zeebe, id, body);
    const again = await deploy(engine.zeebe, id, body);
    const changed = await deploy(engine.zeebe, id, [start(), end(), path('start', 'end')]);
    // then
    expect(again.version).to.equal(first.version);
    expect(again.processDefinitionKey).to.equal(first.processDefinitionKey);
    expect(changed.version).to.equal(first.version + 1);
    expect(changed.processDefinitionKey).not.to.equal(first.processDefinitionKey);
  });

  it('DeployResource: keys are 64-bit numbers of partition 1, sent as strings (Zeebe key encoding)', async () => {
    const id = uid('keys');
    const process = await deploy(engine.zeebe, id, [start(), end(), path('start', 'end')]);
    expect(process.processDefinitionKey).to.be.a('string');
    const key = BigInt(process.processDefinitionKey);
    expect(key >> 51n, 'partition id in the high bits').to.equal(1n);
    expect(key > PARTITION_ONE_FIRST_KEY).to.equal(true);
  });

  it('DeployResource: a service task without a job type is rejected with INVALID_ARGUMENT naming the element', async () => {
    const id = uid('invalid');
    const xmlBody = [start(), '<bpmn:serviceTask id="Task_NoType"/>', end(), path('start', 'Task_NoType', 'end')];
    const message = await expectStatus(deploy(engine.zeebe, id, xmlBody), 'INVALID_ARGUMENT');
    expect(message).to.contain('Task_NoType');
  });

  it('DeployResource: an invalid FEEL expression is rejected with INVALID_ARGUMENT naming the element', async () => {
    const id = uid('badfeel');
    const body = [start(), serviceTask('Task_BadFeel', '=concat(', ''), end(), path('start', 'Task_BadFeel', 'end')];
    const message = await expectStatus(deploy(engine.zeebe, id, body), 'INVALID_ARGUMENT');
    expect(message).to.contain('Task_BadFeel');
  });

  it('DeployResource: an element the embedded engine cannot run is rejected with INVALID_ARGUMENT, never half-run', async function () {
    embeddedOnly(engine, this, "Zeebe refuses these too, in its own words; this pins the embedded engine's refusal");
    // given a complex gateway and a transaction subprocess, which neither Zeebe 8.8 nor the embedded engine runs
    const id = uid('unsupported');
    const body = [
      start(),
      '<bpmn:complexGateway id="Gateway_Unsupported"/>',
      '<bpmn:transaction id="Transaction_Unsupported"/>',
      end(),
      path('start', 'Gateway_Unsupported', 'Transaction_Unsupported', 'end'),
    ];
    // when
    const message = await expectStatus(deploy(engine.zeebe, id, body), 'INVALID_ARGUMENT');
    // then each is named, and nothing was deployed
    expect(message).to.contain('Gateway_Unsupported').and.to.contain('not supported');
    expect(message).to.contain('Transaction_Unsupported');
    await expectStatus(engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} }), 'NOT_FOUND');
  });
});
