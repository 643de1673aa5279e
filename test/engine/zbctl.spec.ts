// zbctl, Zeebe's own command-line client (shipped by the zbctl npm package), talks to the engine
// unchanged: status, deploy, create instance and publish message.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  catchEvent,
  end,
  message,
  messageDef,
  path as flows,
  serviceTask,
  start,
  uid,
  processXml,
} from '../support/bpmn.js';
import { testEngine, type TestEngine } from '../support/engine.js';
import { nextJob } from '../support/probe.js';

const run = promisify(execFile);
const zbctlBinary = path.resolve('node_modules', '.bin', 'zbctl');

describe('engine: zbctl compatibility', function () {
  let engine: TestEngine;
  let folder: string;
  const zbctl = async (...args: string[]) =>
    (await run(zbctlBinary, [...args, '--insecure', '--address', engine.address], { timeout: 20_000 })).stdout;

  before(async function () {
    this.timeout(120_000);
    engine = await testEngine();
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'zbctl-spec-'));
  });
  after(async () => fs.rm(folder, { recursive: true, force: true }));

  it('zbctl status shows one healthy leader partition', async () => {
    const output = await zbctl('status');
    expect(output).to.match(/Partition 1 : Leader, Healthy/);
  });

  it('zbctl deploy resource, create instance and publish message drive a process end to end', async () => {
    // given a BPMN file on disk
    const [id, name, type] = [uid('cli'), uid('cli-message'), uid('cli-job')];
    const file = path.join(folder, `${id}.bpmn`);
    await fs.writeFile(
      file,
      processXml(
        id,
        [
          start(),
          catchEvent('wait', messageDef('msg')),
          serviceTask('after', type),
          end(),
          flows('start', 'wait', 'after', 'end'),
        ],
        [message('msg', name, '=orderId')],
      ),
    );
    // when it is deployed, instantiated and messaged with zbctl
    const deployed = JSON.parse(await zbctl('deploy', 'resource', file)) as {
      deployments: { process: { bpmnProcessId: string } }[];
    };
    expect(deployed.deployments[0]?.process.bpmnProcessId).to.equal(id);
    const created = JSON.parse(await zbctl('create', 'instance', id, '--variables', '{"orderId":"A-1"}')) as {
      processInstanceKey: string;
    };
    expect(created.processInstanceKey).to.match(/^\d+$/);
    await zbctl('publish', 'message', name, '--correlationKey', 'A-1', '--ttl', '1m', '--variables', '{"paid":true}');
    // then the instance moved past the message with its variables
    const job = await nextJob(engine.zeebe, type);
    expect(job.processInstanceKey).to.equal(String(created.processInstanceKey));
    expect(job.variables).to.deep.equal({ orderId: 'A-1', paid: true });
  });
});
