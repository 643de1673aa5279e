// Memory of an engine under load, read from /proc (Linux). Two figures, because the engines differ in
// shape: Zeebe is one JVM, the embedded engine is one Node.js process plus PostgreSQL's processes.
//  - peakRssMb: the engine process's own peak resident set (VmHWM, kept by the kernel, so exact).
//  - peakTotalPssMb: the highest sampled sum of proportional set sizes over the engine process and all
//    its descendants. PSS splits shared pages (PostgreSQL's shared buffers) between the processes that
//    map them, so the sum counts each page once, which summing RSS would not.
import fs from 'node:fs/promises';

const KB = 1024;

async function readKb(file: string, field: string): Promise<number | undefined> {
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  const match = text ? new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text) : null;
  return match?.[1] ? Number(match[1]) : undefined;
}

/** The pid and every descendant of it, found through each process's parent in /proc/<pid>/stat. */
async function processTree(root: number): Promise<number[]> {
  const parents = new Map<number, number>();
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // the command name in parentheses may contain spaces: the parent pid is the 2nd field after it
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent) parents.set(Number(entry), parent);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, parent] of parents) if (parent === tree[i]) tree.push(pid);
  return tree;
}

export interface MemoryFigures {
  peakRssMb: number | null;
  peakTotalPssMb: number | null;
}

/** Samples an engine's memory until stopped; stop() resolves with the peaks. */
export function watchMemory(pid: number | undefined, everyMs = 500): { stop(): Promise<MemoryFigures> } {
  if (pid === undefined) return { stop: () => Promise.resolve({ peakRssMb: null, peakTotalPssMb: null }) };
  let peakPssKb = 0;
  let sampling: Promise<void> = Promise.resolve();
  const sample = async () => {
    let total = 0;
    for (const p of await processTree(pid)) total += (await readKb(`/proc/${p}/smaps_rollup`, 'Pss')) ?? 0;
    peakPssKb = Math.max(peakPssKb, total);
  };
  const timer = setInterval(() => {
    sampling = sampling.then(sample);
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await sampling;
      await sample();
      const hwm = await readKb(`/proc/${pid}/status`, 'VmHWM');
      return {
        peakRssMb: hwm === undefined ? null : Math.round(hwm / KB),
        peakTotalPssMb: peakPssKb ? Math.round(peakPssKb / KB) : null,
      };
    },
  };
}
