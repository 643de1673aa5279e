// Error codes as FEEL expressions: the <bpmn:error> an error end event throws may give its errorCode as an
// expression (errorCode="=..."), evaluated when the end event is reached; catch events match the resulting
// string against their own static codes. Zeebe 8.6.0 and 8.8.21 answer every spec here the same way. Zeebe's
// gRPC API cannot read incidents (Operate shows them), so the incident spec asserts that nothing caught the
// error and checks the incident itself only where it can be read: the embedded engine's table. The incident
// type and message asserted there are those the Zeebe 8.6.0 broker wrote to its log.
import { expect } from 'chai';
import { boundary, end, error, errorDef, path, serviceTask, start, subProcess, uid } from '../support/bpmn.js';
import { testEngine, type TestEngine } from '../support/engine.js';
import { theIncident } from '../support/incidents.js';
import { deploy, expectNoJob, expectStatus, nextJob } from '../support/probe.js';
import { pause } from '../support/waits.js';

describe('engine: error codes as expressions', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  /**
   * start -> Sub (start -> End_Error, throwing Error_Dynamic with `thrownCode`) -> Task_Next. Sub has error
   * boundary events Boundary_Rejected (APPLICATION_REJECTED) and Boundary_Missing (DOCUMENTS_MISSING), or only
   * the catch-all Boundary_Any; each leads to its own handler task.
   */
  async function deployThrowingSubprocess(thrownCode: string, catchAll = false) {
    const id = uid('error-code-expression');
    const types = { rejected: uid('handle-rejected'), missing: uid('handle-missing'), any: uid('handle-any') };
    const next = uid('next');
    const boundaries = catchAll
      ? [
          boundary('Boundary_Any', 'Sub', errorDef()),
          serviceTask('Task_Any', types.any),
          path('Boundary_Any', 'Task_Any'),
        ]
      : [
          boundary('Boundary_Rejected', 'Sub', errorDef('Error_Rejected')),
          boundary('Boundary_Missing', 'Sub', errorDef('Error_Missing')),
          serviceTask('Task_Rejected', types.rejected),
          serviceTask('Task_Missing', types.missing),
          path('Boundary_Rejected', 'Task_Rejected'),
          path('Boundary_Missing', 'Task_Missing'),
        ];
    await deploy(
      engine.zeebe,
      id,
      [
        start(),
        subProcess('Sub', [
          start('sub_start'),
          end('End_Error', errorDef('Error_Dynamic')),
          path('sub_start', 'End_Error'),
        ]),
        serviceTask('Task_Next', next),
        path('start', 'Sub', 'Task_Next'),
        ...boundaries,
      ],
      [
        error('Error_Dynamic', thrownCode),
        error('Error_Rejected', 'APPLICATION_REJECTED'),
        error('Error_Missing', 'DOCUMENTS_MISSING'),
      ],
    );
    return { id, types, next };
  }

  it('Error end event whose errorCode is a FEEL expression (errorCode="=code"): throws the evaluated code, caught by the boundary event of that static code', async () => {
    // given
    const { id, types, next } = await deployThrowingSubprocess('=rejectionCode');
    // when one instance evaluates the code to APPLICATION_REJECTED and another to DOCUMENTS_MISSING
    const rejected = await engine.zeebe.createProcessInstance({
      bpmnProcessId: id,
      variables: { rejectionCode: 'APPLICATION_REJECTED' },
    });
    const missing = await engine.zeebe.createProcessInstance({
      bpmnProcessId: id,
      variables: { rejectionCode: 'DOCUMENTS_MISSING' },
    });
    // then each is caught by the boundary event whose error has that code
    const handledRejected = await nextJob(engine.zeebe, types.rejected);
    const handledMissing = await nextJob(engine.zeebe, types.missing);
    expect(handledRejected.processInstanceKey).to.equal(rejected.processInstanceKey);
    expect(handledRejected.variables).to.deep.equal({ rejectionCode: 'APPLICATION_REJECTED' });
    expect(handledMissing.processInstanceKey).to.equal(missing.processInstanceKey);
    // and the interrupted subprocess does not continue
    await expectNoJob(engine.zeebe, types.rejected);
    await expectNoJob(engine.zeebe, types.missing);
    await expectNoJob(engine.zeebe, next);
  });

  it('Error end event whose FEEL errorCode evaluates to a number: throws nothing, not even to a catch-all boundary event (EXTRACT_VALUE_ERROR incident on the end event)', async () => {
    // given a subprocess with a catch-all error boundary event
    const { id, types, next } = await deployThrowingSubprocess('=rejectionCode', true);
    // when the code evaluates to a number
    const { processInstanceKey } = await engine.zeebe.createProcessInstance({
      bpmnProcessId: id,
      variables: { rejectionCode: 42 },
    });
    // then no error is thrown, so nothing catches it, and the subprocess does not complete either
    await pause(1000);
    await expectNoJob(engine.zeebe, types.any);
    await expectNoJob(engine.zeebe, next);
    // the incident can be read on the embedded engine only
    if (engine.sql) {
      const incident = await theIncident(engine, processInstanceKey);
      expect(incident).to.include({
        elementId: 'End_Error',
        errorType: 'EXTRACT_VALUE_ERROR',
        errorMessage: "Expected result of the expression 'rejectionCode' to be 'STRING', but was 'NUMBER'.",
        jobKey: null,
      });
    }
  });

  it('Error boundary event whose error has an expression as errorCode: deploy is rejected with INVALID_ARGUMENT (catch codes must be static)', async () => {
    // given a boundary event referring to an error whose code is an expression
    const id = uid('error-catch-expression');
    const body = [
      start(),
      serviceTask('Task_Work', uid('work')),
      boundary('Boundary_Dynamic', 'Task_Work', errorDef('Error_Dynamic')),
      end('end_caught'),
      end(),
      path('start', 'Task_Work', 'end'),
      path('Boundary_Dynamic', 'end_caught'),
    ];
    // when
    const message = await expectStatus(
      deploy(engine.zeebe, id, body, [error('Error_Dynamic', '=rejectionCode')]),
      'INVALID_ARGUMENT',
    );
    // then
    expect(message).to.contain('- Element: Boundary_Dynamic > errorEventDefinition');
    expect(message).to.contain('- ERROR: The errorCode of the error catch event is not allowed to be an expression');
  });
});
