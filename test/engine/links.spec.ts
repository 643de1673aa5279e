// Link events: an intermediate throw event with a link definition jumps to the intermediate catch event of the
// same link name in the same scope, as a "go to" that saves drawing a long sequence flow. Zeebe checks the
// links when the process is deployed. Zeebe 8.6.0 and 8.8.21 answer every spec here the same way.
import { expect } from 'chai';
import { end, parallel, path, serviceTask, start, subProcess, uid } from '../support/bpmn.js';
import { testEngine, type TestEngine } from '../support/engine.js';
import { deploy, expectNoJob, expectStatus, nextJob } from '../support/probe.js';
import { pause } from '../support/waits.js';

/**
 * A link event definition. Camunda Modeler always gives it an id, and Zeebe needs one: without it, Zeebe 8.6
 * and 8.8 reject the deployment with a Java NullPointerException message ("Cannot invoke
 * String.getBytes(java.nio.charset.Charset) because value is null").
 */
const linkDef = (eventId: string, name: string) => `<bpmn:linkEventDefinition id="${eventId}_Link" name="${name}"/>`;
const linkThrow = (id: string, name: string) =>
  `<bpmn:intermediateThrowEvent id="${id}">${linkDef(id, name)}</bpmn:intermediateThrowEvent>`;
const linkCatch = (id: string, name: string) =>
  `<bpmn:intermediateCatchEvent id="${id}">${linkDef(id, name)}</bpmn:intermediateCatchEvent>`;

describe('engine: link events', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  it('Link intermediate throw event: the flow continues at the link catch event of the same name in the same scope, with the variables', async () => {
    // given start -> Task_Assess -> throw "to-register"; catch "to-register" -> Task_Register, and a catch of
    // another name -> Task_Other
    const id = uid('link');
    const types = { assess: uid('assess'), register: uid('register'), other: uid('other') };
    await deploy(engine.zeebe, id, [
      start(),
      serviceTask('Task_Assess', types.assess),
      linkThrow('Link_ThrowRegister', 'to-register'),
      linkCatch('Link_CatchRegister', 'to-register'),
      serviceTask('Task_Register', types.register),
      end(),
      linkCatch('Link_CatchOther', 'to-other'),
      serviceTask('Task_Other', types.other),
      end('end_other'),
      path('start', 'Task_Assess', 'Link_ThrowRegister'),
      path('Link_CatchRegister', 'Task_Register', 'end'),
      path('Link_CatchOther', 'Task_Other', 'end_other'),
    ]);
    const { processInstanceKey } = await engine.zeebe.createProcessInstance({
      bpmnProcessId: id,
      variables: { caseId: 'c-1' },
    });
    // when the task before the throw event completes
    const assess = await nextJob(engine.zeebe, types.assess);
    await engine.zeebe.completeJob({ jobKey: assess.key, variables: { assessed: true } });
    // then the flow goes on after the catch event of that name, and only there
    const register = await nextJob(engine.zeebe, types.register);
    expect(register.processInstanceKey).to.equal(processInstanceKey);
    expect(register.elementId).to.equal('Task_Register');
    expect(register.variables).to.deep.equal({ caseId: 'c-1', assessed: true });
    await expectNoJob(engine.zeebe, types.other);
  });

  it('Link intermediate throw events: two throw events may lead to one catch event, and each token passes it', async () => {
    // given a parallel split into two throw events of the same link name, and one catch event of that name
    const id = uid('link-two-throws');
    const type = uid('after-link');
    await deploy(engine.zeebe, id, [
      start(),
      parallel('Gateway_Split'),
      linkThrow('Link_ThrowA', 'together'),
      linkThrow('Link_ThrowB', 'together'),
      linkCatch('Link_Catch', 'together'),
      serviceTask('Task_After', type),
      path('start', 'Gateway_Split', 'Link_ThrowA'),
      path('Gateway_Split', 'Link_ThrowB'),
      path('Link_Catch', 'Task_After'),
    ]);
    // when
    const { processInstanceKey } = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    // then Task_After runs once per token
    const first = await nextJob(engine.zeebe, type);
    const second = await nextJob(engine.zeebe, type);
    expect([first.processInstanceKey, second.processInstanceKey]).to.deep.equal([
      processInstanceKey,
      processInstanceKey,
    ]);
    expect(second.key).not.to.equal(first.key);
    await pause(1000);
    await expectNoJob(engine.zeebe, type);
  });

  it('Link intermediate throw event with no catch event of its name: deploy is rejected with INVALID_ARGUMENT', async () => {
    // given
    const id = uid('link-nowhere');
    const body = [start(), linkThrow('Link_Throw', 'nowhere'), path('start', 'Link_Throw')];
    // when
    const message = await expectStatus(deploy(engine.zeebe, id, body), 'INVALID_ARGUMENT');
    // then
    expect(message).to.contain(`- Element: ${id}`);
    expect(message).to.contain(
      "- ERROR: Can't find an catch link event for the throw link event with the name 'nowhere'.",
    );
  });

  it('Link intermediate throw event whose catch event is in another scope (an embedded subprocess): deploy is rejected with INVALID_ARGUMENT', async () => {
    // given a throw event in the process and the only catch event of its name inside a subprocess
    const id = uid('link-other-scope');
    const body = [
      start(),
      linkThrow('Link_Throw', 'inside'),
      subProcess('Sub', [
        start('sub_start'),
        end('sub_end'),
        linkCatch('Link_Catch', 'inside'),
        end('sub_end_link'),
        path('sub_start', 'sub_end'),
        path('Link_Catch', 'sub_end_link'),
      ]),
      end(),
      path('start', 'Link_Throw'),
    ];
    // when
    const message = await expectStatus(deploy(engine.zeebe, id, body), 'INVALID_ARGUMENT');
    // then
    expect(message).to.contain("Can't find an catch link event for the throw link event with the name 'inside'.");
  });

  it('Link intermediate catch events: two with the same name in one scope: deploy is rejected with INVALID_ARGUMENT', async () => {
    // given
    const id = uid('link-twice');
    const body = [
      start(),
      linkThrow('Link_Throw', 'twice'),
      linkCatch('Link_CatchA', 'twice'),
      linkCatch('Link_CatchB', 'twice'),
      end('end_a'),
      end('end_b'),
      path('start', 'Link_Throw'),
      path('Link_CatchA', 'end_a'),
      path('Link_CatchB', 'end_b'),
    ];
    // when
    const message = await expectStatus(deploy(engine.zeebe, id, body), 'INVALID_ARGUMENT');
    // then
    expect(message).to.contain(`- Element: ${id}`);
    expect(message).to.contain(
      "- ERROR: Multiple intermediate catch link event definitions with the same name 'twice' are not allowed.",
    );
  });
});
