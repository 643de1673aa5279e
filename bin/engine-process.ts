// The embedded engine in a process of its own (`bin/engine.ts` on a free port), for the simulation and the
// benchmark: the load generators then have the other core instead of sharing one JavaScript thread with
// the engine. It runs on the given database, or on an embedded PostgreSQL in `dataDir`.
import { spawn } from 'node:child_process';

export interface EngineProcess {
  address: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startEngineProcess(on: { databaseUrl: string } | { dataDir: string }): Promise<EngineProcess> {
  const args = ['--import', 'tsx', 'bin/engine.ts', '--port', '0'];
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  if ('databaseUrl' in on) env.DATABASE_URL = on.databaseUrl;
  else {
    args.push('--data-dir', on.dataDir);
    delete env.DATABASE_URL;
  }
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env });
  const address = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /engine ready: Zeebe gateway API on (\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the engine process exited with ${code}: ${output}`)));
  });
  const pid = child.pid ?? 0;
  // an engine that dies mid-run would leave every client waiting: end the run at once, saying why
  const died = (code: number | null) => {
    console.error(`the engine process exited unexpectedly (code ${code}); stopping`);
    process.exit(1);
  };
  child.once('exit', died);
  const stopOnExit = () => child.kill('SIGTERM');
  process.once('exit', stopOnExit);
  return {
    address,
    pid,
    async stop() {
      process.off('exit', stopOnExit);
      child.off('exit', died);
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
