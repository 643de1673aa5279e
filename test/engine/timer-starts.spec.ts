// Timer start events: deploying a process schedules a timer per timer start event, and each time the timer
// fires it creates a process instance (with no variables). A new version of the process cancels the timers of
// the old one. Zeebe 8.6.0 and 8.8.21 answer every spec here the same way. Timing is only ever checked as a
// lower bound (a timer never fires before it is due), which noise cannot break. Every process deployed here
// gets a last version without a timer, so no cycle keeps creating instances after its spec.
import { expect } from 'chai';
import { end, path, serviceTask, start, timerDef, uid } from '../support/bpmn.js';
import { testEngine, type TestEngine } from '../support/engine.js';
import { deploy, expectNoJob, expectStatus, nextJob, type Job } from '../support/probe.js';
import { pause } from '../support/waits.js';

type TimerKind = 'timeDate' | 'timeCycle' | 'timeDuration';

/** An ISO 8601 UTC date-time written to the second, as a modeler writes it. */
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('engine: timer start events', function () {
  let engine: TestEngine;
  const deployed: string[] = [];
  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
  });

  // a new version without a timer start event cancels the timers of every process a spec deployed
  afterEach(async function () {
    this.timeout(30_000);
    for (const id of deployed.splice(0)) await deploy(engine.zeebe, id, [start(), end(), path('start', 'end')]);
  });

  /** The body of start (timer) -> Task_Started -> end. */
  const timerStartBody = (kind: TimerKind, value: string, type: string) => [
    start('Start_Timer', timerDef(kind, value)),
    serviceTask('Task_Started', type),
    end(),
    path('Start_Timer', 'Task_Started', 'end'),
  ];

  /** Deploys start (timer) -> Task_Started -> end; each instance the timer creates shows as a job of `type`. */
  async function deployTimerStart(kind: TimerKind, value: string, id = uid('timer-start'), type = uid('started')) {
    deployed.push(id);
    const process = await deploy(engine.zeebe, id, timerStartBody(kind, value, type));
    return { id, type, process };
  }

  /** The next `count` jobs of `type`, each from its own process instance. */
  async function jobsOfInstances(type: string, count: number): Promise<Job[]> {
    const jobs: Job[] = [];
    while (jobs.length < count) jobs.push(await nextJob(engine.zeebe, type));
    expect(new Set(jobs.map((j) => j.processInstanceKey)).size, 'distinct process instances').to.equal(count);
    return jobs;
  }

  it('Timer start event with a timeDate in the past: creates one instance right after deploy, with no variables', async () => {
    // when
    const { id, type } = await deployTimerStart('timeDate', isoSeconds(Date.now() - 60_000));
    // then
    const job = await nextJob(engine.zeebe, type);
    expect(job.elementId).to.equal('Task_Started');
    expect([job.bpmnProcessId, job.processDefinitionVersion]).to.deep.equal([id, 1]);
    expect(job.variables).to.deep.equal({});
    // and only one
    await pause(1500);
    await expectNoJob(engine.zeebe, type);
  });

  it('Timer start event with a timeDate a few seconds ahead: creates one instance at that date, not before', async () => {
    // given a UTC date-time three seconds ahead, written to the second
    const due = Math.ceil(Date.now() / 1000) * 1000 + 3000;
    // when
    const { type } = await deployTimerStart('timeDate', isoSeconds(due));
    // then
    const job = await nextJob(engine.zeebe, type);
    expect(Date.now()).to.be.at.least(due);
    expect(job.variables).to.deep.equal({});
    await pause(1500);
    await expectNoJob(engine.zeebe, type);
  });

  it('Timer start event with the cycle R2/PT1S: creates exactly two instances, the first one interval after deploy', async () => {
    // when
    const deployedAt = Date.now();
    const { type } = await deployTimerStart('timeCycle', 'R2/PT1S');
    // then the first instance comes no sooner than one interval after deploy, and a second one follows
    const [first] = await jobsOfInstances(type, 1);
    expect(Date.now()).to.be.at.least(deployedAt + 1000);
    const [second] = await jobsOfInstances(type, 1);
    expect(second?.processInstanceKey).not.to.equal(first?.processInstanceKey);
    expect([first?.processDefinitionVersion, second?.processDefinitionVersion]).to.deep.equal([1, 1]);
    // and no third, given time for it
    await pause(3000);
    await expectNoJob(engine.zeebe, type);
  });

  it('Timer start event with a cron timeCycle (six fields, seconds first: "0/1 * * * * ?"): creates an instance every second', async function () {
    this.timeout(30_000);
    // when
    const deployedAt = Date.now();
    const { type } = await deployTimerStart('timeCycle', '0/1 * * * * ?');
    // then an instance each second: three within a few seconds, the third not before two seconds have passed
    await jobsOfInstances(type, 3);
    expect(Date.now()).to.be.at.least(deployedAt + 2000);
  });

  it('Timer start event with a five-field (Unix) cron timeCycle: deploy is rejected with INVALID_ARGUMENT', async () => {
    // given
    const id = uid('timer-start-cron5');
    // when
    const message = await expectStatus(
      deploy(engine.zeebe, id, timerStartBody('timeCycle', '* * * * *', uid('started'))),
      'INVALID_ARGUMENT',
    );
    // then
    expect(message).to.contain('- Element: Start_Timer');
    expect(message).to.contain(
      '- ERROR: Invalid timer cycle expression (Cron expression contains 5 parts but we expect one of [6])',
    );
  });

  it("Timer start event: deploying a new version cancels the old version's timer, and only the new version's timer creates instances", async function () {
    this.timeout(30_000);
    // given version 1, repeating every second, has created an instance
    const id = uid('timer-start-versions');
    const types = { v1: uid('started-v1'), v2: uid('started-v2') };
    const v1 = await deployTimerStart('timeCycle', 'R/PT1S', id, types.v1);
    await nextJob(engine.zeebe, types.v1);
    // when version 2, repeating every second too, is deployed
    const v2 = await deployTimerStart('timeCycle', 'R/PT1S', id, types.v2);
    expect([v1.process.version, v2.process.version]).to.deep.equal([1, 2]);
    // then version 2 creates instances
    const [fromV2] = await jobsOfInstances(types.v2, 2);
    expect(fromV2?.processDefinitionVersion).to.equal(2);
    // and version 1 no longer does (instances it created before the redeploy are cleared away first)
    await engine.zeebe.activateJobs({
      type: types.v1,
      worker: 'spec',
      maxJobsToActivate: 100,
      timeout: 60_000,
      requestTimeout: -1,
    });
    await pause(2500);
    await expectNoJob(engine.zeebe, types.v1);
  });

  it('Timer start event with a FEEL timeDate (=now() + duration("PT2S")): evaluated once, at deploy, to the date of the one instance', async () => {
    // when
    const deployedAt = Date.now();
    const { type } = await deployTimerStart('timeDate', '=now() + duration("PT2S")');
    // then
    const job = await nextJob(engine.zeebe, type);
    expect(Date.now()).to.be.at.least(deployedAt + 2000);
    expect(job.variables).to.deep.equal({});
    await pause(1500);
    await expectNoJob(engine.zeebe, type);
  });

  it('Timer start event with a FEEL timeCycle reading a variable: deploy is rejected with INVALID_ARGUMENT (there are no variables at deploy)', async () => {
    // given
    const id = uid('timer-start-variable');
    // when
    const message = await expectStatus(
      deploy(engine.zeebe, id, timerStartBody('timeCycle', '=reminderCycle', uid('started'))),
      'INVALID_ARGUMENT',
    );
    // then
    expect(message).to.contain('- Element: Start_Timer');
    expect(message).to.contain(
      "- ERROR: Invalid timer cycle expression (Expected result of the expression 'reminderCycle' to be 'STRING', but was 'NULL'.",
    );
    expect(message).to.contain("[NO_VARIABLE_FOUND] No variable found with name 'reminderCycle'");
  });
});
