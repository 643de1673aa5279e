// The simulation's embedded engine runs in a process of its own (`bin/engine.ts` on the simulation's
// database), as it would beside the application in production: the synthetic citizens, caseworkers and
// workers then have the other core, instead of sharing one JavaScript thread with the engine.
import { spawn } from 'node:child_process';

export interface EngineProcess {
  address: string;
  stop(): Promise<void>;
}

export async function startEngineProcess(databaseUrl: string): Promise<EngineProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/engine.ts', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
  });
  const address = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /engine ready: Zeebe gateway API on (\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the engine process exited with ${code}: ${output}`)));
  });
  // an engine that dies mid-run would leave every case waiting: end the run at once, saying why
  const died = (code: number | null) => {
    console.error(`the engine process exited unexpectedly (code ${code}); stopping the simulation`);
    process.exit(1);
  };
  child.once('exit', died);
  const stopOnExit = () => child.kill('SIGTERM');
  process.once('exit', stopOnExit);
  return {
    address,
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
