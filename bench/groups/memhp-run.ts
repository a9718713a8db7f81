/**
 * The default `memhp run` (every profile × the default properties, seed 42,
 * default runs and steps) as a user starts it, with the default number of
 * workers (the number of cores) and with one: wall time against the target.
 * Wall time counts whatever else the machine is doing: results.json records
 * the load average beside it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { round } from '../measure.ts';
import { atMost, type BenchGroup, type Row } from '../types.ts';

/** CPU seconds of this process's waited-for children (Linux /proc; NaN elsewhere). */
function childrenCpuS(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // fields after the command: state is 0, so cutime and cstime (16th and 17th of stat) are 13 and 14
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return Number.NaN;
  }
}

function timeRun(workers: number | undefined): { wallS: number; cpuS: number; exit: number | null; loadBefore: number } {
  const out = mkdtempSync(join(tmpdir(), 'memhp-bench-'));
  const args = ['bin/memhp.js', 'run', '--out', out, ...(workers !== undefined ? ['--workers', String(workers)] : [])];
  const loadBefore = round(loadavg()[0] ?? 0, 2);
  const c0 = childrenCpuS();
  const w0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const wallS = round((performance.now() - w0) / 1000, 1);
  const cpuS = round(childrenCpuS() - c0, 1);
  rmSync(out, { recursive: true, force: true });
  return { wallS, cpuS, exit: r.status, loadBefore };
}

export const memhpRun: BenchGroup = {
  name: 'memhp-run',
  describe: 'wall time of the default memhp run over every profile, default workers and one worker',
  run() {
    const cores = availableParallelism();
    const def = timeRun(undefined);
    const one = timeRun(1);
    const rows: Row[] = [
      { figure: `memhp run, default (${cores} workers), wall`, value: def.wallS, unit: 's', target: '< 60 s', ...atMost(def.wallS, 60) },
      { figure: 'memhp run, --workers 1, wall', value: one.wallS, unit: 's' },
      { figure: 'memhp run, --workers 1, CPU (one core busy this long)', value: one.cpuS, unit: 's', target: '< 60 s', ...atMost(one.cpuS, 60) },
      { figure: `memhp run, default (${cores} workers), CPU of all workers`, value: def.cpuS, unit: 's' },
    ];
    return { figures: { cores, defaultWorkers: def, oneWorker: one }, rows };
  },
};
