// Timers: intermediate timer catch events (duration, date, FEEL expressions), timer boundary events on a
// service task (interrupting, and non-interrupting with a cycle) and an event-based gateway won by its timer.
// Timing is only ever checked as a lower bound (a timer never fires before it is due), which noise cannot break.
import { expect } from 'chai';
import { boundary, catchEvent, end, path, serviceTask, start, timerDef, uid } from '../support/bpmn.js';
import { testEngine, type TestEngine } from '../support/engine.js';
import { deploy, expectNoJob, expectStatus, nextJob } from '../support/probe.js';
import { pause, replyOrTimeout } from '../support/waits.js';

describe('engine: timers', function () {
  let engine: TestEngine;
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  /** start → Event_Wait (timer) → Task_After → end. */
  async function timerCatchProcess(kind: 'timeDuration' | 'timeDate', value: string) {
    const id = uid('waits-for-timer');
    const after = uid('send-reminder');
    await deploy(engine.zeebe, id, [
      start(),
      catchEvent('Event_Wait', timerDef(kind, value)),
      serviceTask('Task_After', after),
      end(),
      path('start', 'Event_Wait', 'Task_After', 'end'),
    ]);
    return { id, after };
  }

  /** start → Task_Work (with a timer boundary event) → Task_Normal → end; the boundary leads to Task_Timer. */
  async function boundaryProcess(kind: 'timeDuration' | 'timeCycle', value: string, interrupting: boolean) {
    const id = uid('task-with-deadline');
    const types = {
      work: uid('assess-application'),
      normal: uid('approve-application'),
      timer: uid('escalate-application'),
    };
    await deploy(engine.zeebe, id, [
      start(),
      serviceTask('Task_Work', types.work),
      boundary('Event_Deadline', 'Task_Work', timerDef(kind, value), interrupting),
      serviceTask('Task_Normal', types.normal),
      serviceTask('Task_Timer', types.timer),
      end(),
      end('end_timer'),
      path('start', 'Task_Work', 'Task_Normal', 'end'),
      path('Event_Deadline', 'Task_Timer', 'end_timer'),
    ]);
    return { id, types };
  }

  it('Timer catch event: a timeDuration (PT1S) holds the instance until it is due, then it continues (Zeebe duration timer)', async () => {
    // given a process waiting one second
    const { id, after } = await timerCatchProcess('timeDuration', 'PT1S');
    // when an instance starts
    const startedAt = Date.now();
    const instance = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { caseId: 'c-1' } });
    // then it continues with its variables, and not before the second has passed
    const job = await nextJob(engine.zeebe, after);
    expect(Date.now()).to.be.at.least(startedAt + 1000);
    expect(job.processInstanceKey).to.equal(instance.processInstanceKey);
    expect(job.variables).to.deep.equal({ caseId: 'c-1' });
  });

  it('Timer catch event: a timeDate (ISO date-time with Z) holds the instance until that date, then it continues (Zeebe date timer)', async () => {
    // given a process waiting until a UTC date-time two seconds ahead, written to the second
    const due = Math.ceil(Date.now() / 1000) * 1000 + 2000;
    const { id, after } = await timerCatchProcess('timeDate', new Date(due).toISOString().replace('.000Z', 'Z'));
    // when an instance starts
    const instance = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    // then it continues, and not before that date
    const job = await nextJob(engine.zeebe, after);
    expect(Date.now()).to.be.at.least(due);
    expect(job.processInstanceKey).to.equal(instance.processInstanceKey);
  });

  it('Timer catch event: a FEEL timeDuration expression (=duration("PT1S")) is evaluated to the duration (Zeebe timer expressions)', async () => {
    const { id, after } = await timerCatchProcess('timeDuration', '=duration("PT1S")');
    const startedAt = Date.now();
    const instance = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    const job = await nextJob(engine.zeebe, after);
    expect(Date.now()).to.be.at.least(startedAt + 1000);
    expect(job.processInstanceKey).to.equal(instance.processInstanceKey);
  });

  it('Timer catch event: a timeDuration expression reading a variable holding an ISO duration string is parsed as that duration (Zeebe timer expressions)', async () => {
    // given a process whose timer duration comes from the instance
    const { id, after } = await timerCatchProcess('timeDuration', '=reminderDelay');
    // when an instance starts with a one-second delay
    const startedAt = Date.now();
    const instance = await engine.zeebe.createProcessInstance({
      bpmnProcessId: id,
      variables: { reminderDelay: 'PT1S' },
    });
    // then it waits that long, then continues
    const job = await nextJob(engine.zeebe, after);
    expect(Date.now()).to.be.at.least(startedAt + 1000);
    expect(job.processInstanceKey).to.equal(instance.processInstanceKey);
  });

  it('Timer boundary event: an interrupting timer terminates the service task (its job is gone) and takes the timer path (Zeebe interrupting timer boundary)', async () => {
    // given an instance whose service task has an activated job and a one-second interrupting timer
    const { id, types } = await boundaryProcess('timeDuration', 'PT1S', true);
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { caseId: 'c-2' } });
    const work = await nextJob(engine.zeebe, types.work);
    // when the timer fires before the job is completed
    const escalation = await nextJob(engine.zeebe, types.timer);
    // then the timer path runs, and the task's job can no longer be completed
    expect(escalation.variables).to.deep.equal({ caseId: 'c-2' });
    await expectStatus(engine.zeebe.completeJob({ jobKey: work.key, variables: {} }), 'NOT_FOUND');
    await expectNoJob(engine.zeebe, types.normal);
  });

  it('Timer boundary event: a non-interrupting timer with the cycle R2/PT1S fires twice while the service task stays active (Zeebe timer cycle)', async () => {
    // given an instance whose service task has an activated job and a non-interrupting R2/PT1S timer
    const { id, types } = await boundaryProcess('timeCycle', 'R2/PT1S', false);
    await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: {} });
    const work = await nextJob(engine.zeebe, types.work);
    // when the cycle runs
    const first = await nextJob(engine.zeebe, types.timer);
    const second = await nextJob(engine.zeebe, types.timer);
    // then it has fired exactly twice (given time for a wrong third), and the task still completes normally
    expect(second.key).not.to.equal(first.key);
    await pause(2500);
    await expectNoJob(engine.zeebe, types.timer);
    await engine.zeebe.completeJob({ jobKey: work.key, variables: { assessed: true } });
    const normal = await nextJob(engine.zeebe, types.normal);
    expect(normal.variables).to.deep.equal({ assessed: true });
  });

  it('Event-based gateway: the timer branch is taken when the timer fires first, and a later message no longer applies (Zeebe event-based gateway)', async () => {
    // given an instance waiting at an event-based gateway for a message or a one-second timer
    const id = uid('awaits-reply');
    const name = uid('reply-received');
    const replied = uid('process-reply');
    const timedOut = uid('chase-reply');
    await deploy(engine.zeebe, id, ...replyOrTimeout({ name, replied, timedOut, timer: 'PT1S' }));
    const caseId = uid('case');
    const instance = await engine.zeebe.createProcessInstance({ bpmnProcessId: id, variables: { caseId } });
    // when no message arrives before the timer fires
    const job = await nextJob(engine.zeebe, timedOut);
    // then the timer branch runs, and a message published afterwards does not start the message branch
    expect(job.processInstanceKey).to.equal(instance.processInstanceKey);
    await engine.zeebe.publishMessage({ name, correlationKey: caseId, timeToLive: 0, variables: { answer: 'late' } });
    await expectNoJob(engine.zeebe, replied);
    await engine.zeebe.completeJob({ jobKey: job.key, variables: {} });
  });
});
