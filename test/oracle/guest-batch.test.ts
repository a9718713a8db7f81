/**
 * A batch of steps in one round trip (oracle/guest-batch.ts): the command
 * runs in the guest's shell (busybox sh, here on the host), each step's
 * output, exit status and observation come back under its own index, and a
 * batch cut short keeps the steps that finished and names none after them.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { batchCommand, readBatch } from '../../oracle/guest-batch.ts';
import { requireBusybox } from '../../oracle/kernels.ts';

const guestShell = (command: string): string => {
  const r = spawnSync(requireBusybox(), ['sh', '-c', command], { encoding: 'utf8' });
  return r.stdout;
};

describe('a batch of steps in one round trip', () => {
  const parts = [
    { script: 'echo one' },
    { script: 'echo x > /nonexistent-dir/file && echo MEMHP-OK', observe: 'echo state-after-2' },
    { script: 'cd / && exit 3' },
    { script: 'pwd', observe: 'pwd' },
  ];

  it('each step answers under its own index: output (stderr too), exit status, observation', () => {
    const { answers, finished } = readBatch(guestShell(batchCommand(parts)), parts.length);
    expect(finished).toBe(4);
    expect(answers.map((a) => [a.output, a.status, a.observed])).toEqual([
      ['one\n', 0, undefined],
      [expect.stringMatching(/can't create \/nonexistent-dir\/file: nonexistent directory\n$/), 1, 'state-after-2\n'],
      ['', 3, undefined],
      // each fragment runs in its own subshell: the cd of step 3 does not move step 4
      [`${process.cwd()}\n`, 0, `${process.cwd()}\n`],
    ]);
    for (const a of answers) expect(a.ms).toBeGreaterThanOrEqual(0);
  });

  it('a batch cut short (the guest died in step 3): steps 1 and 2 answered, none after', () => {
    const full = guestShell(batchCommand(parts));
    const cut = full.slice(0, full.indexOf('@@DONE 2 '));
    const { answers, finished } = readBatch(cut, parts.length);
    expect(finished).toBe(2);
    expect(answers.map((a) => a.status)).toEqual([0, 1]);
  });

  it('a step whose observation was cut off is not finished', () => {
    const full = guestShell(batchCommand(parts));
    const cut = full.slice(0, full.indexOf('state-after-2'));
    expect(readBatch(cut, parts.length).finished).toBe(1);
  });

  it('an answer is never taken from another index', () => {
    // step 1's markers are missing: nothing is answered, though step 2's are there
    const out = '@@STEP 1@@\nx\n@@DONE 1 0 1.00 1.00@@\n@@END 1@@\n';
    expect(readBatch(out, 2).finished).toBe(0);
  });
});
