// The embedded engine's journal: every instance keeps, in order, what happened to it. The web layer
// draws the case diagram from it (Zeebe's equivalent is the exported record stream Operate reads).
import { expect } from 'chai';
import { end, path, serviceTask, start, uid } from '../support/bpmn.js';
import { embeddedOnly, testEngine, type TestEngine } from '../support/engine.js';
import { deploy, nextJob } from '../support/probe.js';

describe('engine: journal (embedded engine)', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
    embeddedOnly(engine, this, 'Zeebe exports records to exporters; nothing to read over gRPC');
  });

  it('records elements entered and left, flows taken, and the job created and completed, in order', async () => {
    // given a process with one service task
    const [id, type] = [uid('journal'), uid('work')];
    await deploy(engine.zeebe, id, [start(), serviceTask('work', type), end(), path('start', 'work', 'end')]);
    // when an instance runs to completion
    const created = await engine.zeebe.createProcessInstance({
      bpmnProcessId: id,
      variables: { secret: 'not in the journal' },
    });
    const job = await nextJob(engine.zeebe, type);
    await engine.zeebe.completeJob({ jobKey: job.key, variables: {} });
    // then its journal tells the story
    const { rows } = await engine.sql!.query<{
      value_type: string;
      intent: string;
      element_id: string | null;
      detail: unknown;
    }>(
      `select value_type, intent, element_id, detail from engine.journal
        where process_instance_key = $1 and value_type in ('PROCESS_INSTANCE', 'JOB') order by position`,
      [created.processInstanceKey],
    );
    expect(rows.map((r) => `${r.intent} ${r.element_id ?? ''}`.trim())).to.deep.equal([
      `ELEMENT_ACTIVATED ${id}`,
      'ELEMENT_ACTIVATED start',
      'ELEMENT_COMPLETED start',
      'SEQUENCE_FLOW_TAKEN f_start_work',
      'ELEMENT_ACTIVATED work',
      'CREATED work',
      'COMPLETED work',
      'ELEMENT_COMPLETED work',
      'SEQUENCE_FLOW_TAKEN f_work_end',
      'ELEMENT_ACTIVATED end',
      'ELEMENT_COMPLETED end',
      `ELEMENT_COMPLETED ${id}`,
    ]);
    const all = await engine.sql!.query(
      'select detail::text as d from engine.journal where process_instance_key = $1',
      [created.processInstanceKey],
    );
    expect(
      all.rows.map((r: { d: string | null }) => r.d ?? '').join(' '),
      'variable values stay out of the journal',
    ).not.to.contain('not in the journal');
  });
});
