/**
 * Runs a scenario on a freshly booted real kernel and records every answer
 * and the state after each memory operation. Every scenario gets a guest of
 * its own, fresh from boot: booted, or restored from the saved copy of an
 * identical boot when the caller passes saved boots (oracle/boot-snapshot.ts),
 * which is the same machine to the byte.
 */
import type { Scenario } from '../scenario/index.ts';
import { printStep } from '../scenario/index.ts';
import { MEMORY_OPERATIONS, type StepOp } from '../model/step.ts';
import { devdaxRanges, fsdaxRanges, kernelCmdline } from './expressible.ts';
import { guestKernelConfig, requireOptions } from './image-config.ts';
import { KernelMachine, type BootHow } from './kernel-machine.ts';
import type { KernelImage } from './kernel-image.ts';
import type { KernelRecord, KernelStepRecord } from './record.ts';
import { qemuVersion, type Vm } from './vm.ts';

const CHANGES_STATE: ReadonlySet<StepOp> = new Set<StepOp>(MEMORY_OPERATIONS);

export interface RunOptions {
  readonly onStep?: (index: number, rec: KernelStepRecord) => void;
  /** The guest once booted (a test checks it is gone afterwards while other guests run beside it). */
  readonly onBoot?: (vm: Vm) => void;
  /** Saved boots to restore instead of booting (oracle/boot-snapshot.ts), and the boot time limit. */
  readonly boot?: BootHow;
}

export async function recordScenario(kernel: KernelImage, name: string, source: string, scenario: Scenario, opts: RunOptions = {}): Promise<KernelRecord> {
  const cmd = kernelCmdline(scenario.config, scenario.boot, scenario.pmem);
  if (typeof cmd === 'string') throw new Error(cmd);
  const km = await KernelMachine.boot(kernel, cmd, devdaxRanges(scenario), scenario.virtioMem, fsdaxRanges(scenario), opts.boot);
  opts.onBoot?.(km.vm);
  try {
    if (kernel.config === undefined) requireOptions(kernel, await guestKernelConfig(kernel, km));
    const parameters = await km.parameters();
    const initial = await km.state();
    const steps: KernelStepRecord[] = [];
    await km.play(
      scenario.steps,
      (step) => CHANGES_STATE.has(step.op),
      (i, a) => {
        const s = scenario.steps[i] as (typeof scenario.steps)[number];
        const rec: KernelStepRecord = {
          line: s.line,
          text: printStep(s.step),
          answer: a.answer,
          ...(a.note !== undefined ? { note: a.note } : {}),
          ms: a.ms,
          ...(a.state !== undefined ? { state: a.state } : {}),
        };
        steps.push(rec);
        opts.onStep?.(i, rec);
      },
    );
    return {
      format: 1,
      scenario: name,
      source,
      series: kernel.name,
      release: km.vm.release,
      package: kernel.pkg,
      qemu: qemuVersion(),
      accel: km.vm.accel,
      cmdline: km.vm.cmdline,
      bootMs: km.vm.bootMs,
      parameters,
      initial,
      steps,
    };
  } finally {
    km.close();
  }
}
