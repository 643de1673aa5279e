// Every job type in processes/ has exactly one worker: the file workers/<type>.ts, whose default export
// declares that type, and which workers/index.ts registers. A job type without a worker would stop every
// case at that step; a worker without a job type is dead code.
import { expect } from 'chai';
import fs from 'node:fs/promises';
import { workerDefinitions } from '../../workers/index.js';

const infrastructure = new Set([
  'timer-variables.ts',
  'define-worker.ts',
  'run-workers.ts',
  'index.ts',
  'deps.ts',
  'user-task-inbox.ts',
]);

async function modelJobTypes(): Promise<string[]> {
  const types = new Set<string>();
  for (const file of (await fs.readdir('processes')).filter((f) => f.endsWith('.bpmn'))) {
    const xml = await fs.readFile(`processes/${file}`, 'utf8');
    for (const [, type] of xml.matchAll(/<zeebe:taskDefinition type="([^"]+)"/g)) types.add(type ?? '');
  }
  return [...types].sort();
}

describe('workers: contract with the models', () => {
  it('every job type in processes/ has exactly one registered worker, and every worker serves a job type', async () => {
    const types = await modelJobTypes();
    expect(types.length).to.be.greaterThan(5);
    const registered = workerDefinitions.map((w) => w.type).sort();
    expect(registered).to.deep.equal(types);
    expect(new Set(registered).size, 'one worker per job type').to.equal(registered.length);
  });

  it('each worker lives in workers/<job type>.ts and declares that type', async () => {
    const files = (await fs.readdir('workers')).filter((f) => f.endsWith('.ts') && !infrastructure.has(f)).sort();
    expect(files).to.deep.equal((await modelJobTypes()).map((t) => `${t}.ts`));
    for (const file of files) {
      const module = (await import(`../../workers/${file}`)) as { default?: { type?: string } };
      expect(module.default?.type, file).to.equal(file.replace(/\.ts$/, ''));
    }
  });
});
