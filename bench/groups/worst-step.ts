/**
 * The worst single steps: scenarios of a few lines whose steps are as large
 * as the model lets them be (model/capacity.ts), each replayed as `memhp
 * replay` does — both implementations in lockstep, the differential check
 * and every invariant. Per step: CPU time, and the heap after a full GC with
 * the machine still alive. The bound stated in docs/performance.md is the
 * worst of these.
 */
import { Lockstep } from '../../engine/lockstep.ts';
import { machineFor } from '../../engine/machine.ts';
import { INVARIANTS } from '../../checks/invariants/index.ts';
import { CapacityError } from '../../model/capacity.ts';
import { parseScenario, printStep } from '../../scenario/index.ts';
import { heapUsed, round, timed } from '../measure.ts';
import { atMost, type BenchGroup, type Row } from '../types.ts';

const MiB = 2 ** 20;
/** The bound docs/performance.md states for one checked step. */
const CPU_LIMIT_MS = 5000;
const HEAP_LIMIT_MIB = 400;

interface Case {
  readonly name: string;
  readonly text: string;
  /** Left out of --quick. */
  readonly slow?: boolean;
}

const CASES: readonly Case[] = [
  { name: 'boot of 1 TiB (x86_64, 8,192 sections: the bound), then a step', text: 'profile v6.1\nboot 0x0 1T\ndump\n', slow: true },
  { name: 'add_pages of 1 TiB, then remove_pages over all 64 TiB (v5.5)', text: 'profile v5.5\nadd_pages 0x0 1T\nremove_pages 0x0 64T\n', slow: true },
  {
    name: 'add_memory of 8,184 blocks beside 1 GiB of boot RAM (v6.1)',
    text: 'profile v6.1\nboot 0x100000 0x3fee0000\nadd_memory 0x40000000 0xffc0000000\n',
    slow: true,
  },
  { name: 'arm64-64k: add_pages of 1 TiB (2,048 sections of 256 sub-sections: the bound)', text: 'profile v5.5\ngeometry arm64-64k\nadd_pages 0x0 1T\n', slow: true },
  {
    name: '4K sections: 32 MiB of boot RAM (8,192 sections), remove_pages over 16 TiB (2^32 sections)',
    text: 'profile v6.1\ngeometry page=4K section=4K subsection=4K block=4K physbits=44\nboot 0x0 32M\nremove_pages 0x0 0xfffffffff000\n',
  },
  {
    name: '4K sections: a block at 15 TiB offlined and removed, the span walkers crossing 2^32 sections (v4.19)',
    text:
      'profile v4.19\ngeometry page=4K section=4K subsection=4K block=4K physbits=44\nboot 0x0 16M\n' +
      'add_memory 0xf0000000000 4K\nstate 4026531840 online\nstate 4026531840 offline\nremove_memory 0xf0000000000 4K\n',
  },
  {
    name: 'huge ranges the kernel refuses first (-E2BIG, -EINVAL)',
    text: 'profile v6.1\nadd_pages 0x0 4P\nadd_pages 0x110000000 0x3ffffffff000\nadd_memory 0x0 4P\nremove_pages 0x0 4P\n',
  },
  { name: 'an add past the bound: refused (exit 2)', text: 'profile v5.5\nadd_pages 0x0 64T\n' },
];

interface StepFigure {
  readonly step: string;
  readonly answer: string;
  readonly cpuMs: number;
  readonly heapMiB: number;
}

function runCase(c: Case): StepFigure[] {
  const scenario = parseScenario(c.text);
  const setup = machineFor(scenario);
  const out: StepFigure[] = [];
  const boot = timed(() => new Lockstep(setup, ['reference', 'optimized'], { differential: true, invariants: INVARIANTS }));
  const lock = boot.value;
  out.push({ step: 'boot (both implementations built and observed)', answer: '-', cpuMs: round(boot.cpuMs, 0), heapMiB: round(heapUsed() / MiB, 1) });
  for (const s of scenario.steps) {
    const t = timed(() => {
      try {
        const r = lock.apply(s.step);
        if (r.violations.length > 0) throw new Error(`${c.name}: ${r.violations.map((v) => v.message).join('; ')}`);
        return [...new Set(r.outcomes.map((o) => o.outcome))].join('/');
      } catch (e) {
        if (e instanceof CapacityError) return 'refused';
        throw e;
      }
    });
    out.push({ step: printStep(s.step), answer: t.value, cpuMs: round(t.cpuMs, 0), heapMiB: round(heapUsed() / MiB, 1) });
    if (t.value === 'refused') break;
  }
  const fin = timed(() => lock.finish());
  out.push({ step: 'finish (every invariant in full)', answer: fin.value.length === 0 ? 'ok' : 'violations', cpuMs: round(fin.cpuMs, 0), heapMiB: round(heapUsed() / MiB, 1) });
  return out;
}

const maxRssMiB = (): number => round(process.resourceUsage().maxRSS / 1024, 0);

export const worstStep: BenchGroup = {
  name: 'worst-step',
  describe: 'the costliest single steps the model accepts, replayed with both implementations and every check: CPU and heap per step',
  run({ quick }) {
    const figures: Record<string, StepFigure[]> = {};
    let worstCpu = { ms: 0, where: '' };
    let worstHeap = { mib: 0, where: '' };
    const base = heapUsed() / MiB;
    for (const c of CASES.filter((x) => !quick || x.slow !== true)) {
      const steps = runCase(c);
      figures[c.name] = steps;
      for (const s of steps) {
        if (s.cpuMs > worstCpu.ms) worstCpu = { ms: s.cpuMs, where: `${c.name}: ${s.step}` };
        if (s.heapMiB > worstHeap.mib) worstHeap = { mib: s.heapMiB, where: `${c.name}: ${s.step}` };
      }
    }
    const rows: Row[] = [
      { figure: `worst single checked step, CPU (${worstCpu.where})`, value: worstCpu.ms, unit: 'ms', target: `≤ ${CPU_LIMIT_MS} ms`, ...atMost(worstCpu.ms, CPU_LIMIT_MS) },
      {
        figure: `worst single checked step, heap after GC (${worstHeap.where})`,
        value: worstHeap.mib,
        unit: 'MiB',
        target: `≤ ${HEAP_LIMIT_MIB} MiB`,
        ...atMost(worstHeap.mib, HEAP_LIMIT_MIB),
      },
      // peak resident set of the whole process (every case, one after the other; node and tsx included)
      { figure: 'worst-step group: peak RSS of the process', value: maxRssMiB(), unit: 'MiB' },
    ];
    return { figures: { heapBeforeMiB: round(base, 1), cases: figures, worstCpu, worstHeap, maxRssMiB: maxRssMiB() }, rows };
  },
};
