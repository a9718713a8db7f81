/** parseScenario: text to Scenario, or a ScenarioError. */
import { Reporter } from './errors.ts';
import { parseExpect, splitExpect } from './expect.ts';
import { Header } from './header.ts';
import type { HeaderResult } from './header.ts';
import { isHeaderWord, isObservationWord } from './keywords.ts';
import { checkText, lex } from './lexer.ts';
import type { Token } from './lexer.ts';
import { parseStep } from './steps.ts';
import type { Scenario, ScenarioStep } from './types.ts';
import type { Reporter as StepReporter } from './errors.ts';
import { resizeProblem } from '../model/virtio-mem.ts';

/** A resize needs the device and a size QEMU takes: within the device, a multiple of its block. */
function checkResize(done: HeaderResult, at: Token, size: number, r: StepReporter): void {
  if (done.virtioMem === undefined) r.at(at, 'virtio_mem_resize needs a device: add a `config virtio_mem <start> <size>` line');
  const problem = resizeProblem(done.virtioMem, size);
  if (problem !== undefined) r.at(at, problem);
}

export const DEFAULT_FILE = '<scenario>';

/**
 * Most steps a scenario may hold. A replay records every step's observation
 * (a few ms a step), so 10,000 is already half a minute; shrunk and
 * hand-written cases hold a few dozen.
 */
export const MAX_STEPS = 10_000;

/**
 * Parses a scenario. Throws ScenarioError, and nothing else, for any input
 * that is not a valid scenario; `file` only names the input in messages.
 */
export function parseScenario(text: string, file: string = DEFAULT_FILE): Scenario {
  const r = new Reporter(typeof file === 'string' ? file : DEFAULT_FILE);
  if (typeof text !== 'string') r.whole('not a text file');
  checkText(text, r);
  const header = new Header(r);
  let done: HeaderResult | undefined;
  let firstStepLine = 0;
  const steps: ScenarioStep[] = [];
  for (const l of lex(text, r)) {
    const split = splitExpect(l, r);
    const keyword = split.words[0] as Token;
    const word = keyword.text;
    if (isHeaderWord(word)) {
      if (done !== undefined) r.at(keyword, `"${word}" must come before the first step (line ${firstStepLine})`);
      header.add(word, split);
      continue;
    }
    if (done === undefined) {
      done = header.finish();
      firstStepLine = l.line;
    }
    if (steps.length === MAX_STEPS) r.at(keyword, `more than ${MAX_STEPS} steps`);
    // The step first, so that its errors (an unknown step, a bad argument) come before those of the expectation.
    const step = parseStep(split.words, done.pageSize, r);
    if (step.op === 'virtio_mem_resize') checkResize(done, split.words[1] as Token, step.size, r);
    const expect = parseExpect(split, isObservationWord(step.op), r);
    steps.push(expect === undefined ? { step, line: l.line } : { step, expect, line: l.line });
  }
  if (done === undefined) {
    if (header.empty) r.whole('empty scenario (no steps)');
    done = header.finish();
  }
  return {
    ...(done.profile === undefined ? {} : { profile: done.profile }),
    ...(done.geometry === undefined ? {} : { geometry: done.geometry }),
    config: done.config,
    boot: done.boot,
    ...(done.pmem.length === 0 ? {} : { pmem: done.pmem }),
    ...(done.virtioMem === undefined ? {} : { virtioMem: done.virtioMem }),
    steps,
  };
}
