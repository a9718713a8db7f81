/** The first scenario shown in docs/scenario-language.md is a real one: it parses and every expectation holds. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { machineFor } from '../../engine/machine.ts';
import { replaySteps } from '../../engine/replay.ts';
import { parseScenario } from '../../scenario/index.ts';
import { repoRoot } from '../helpers/cli.ts';

it('the scenario-language example replays with every expectation met', () => {
  const page = readFileSync(join(repoRoot, 'docs/scenario-language.md'), 'utf8');
  const block = /^# The scenario language[\s\S]*?```\n([\s\S]*?)```/.exec(page)?.[1];
  expect(block).toBeDefined();
  const scenario = parseScenario(block!, 'docs/scenario-language.md');
  const r = replaySteps(machineFor(scenario), scenario.steps, ['reference', 'optimized']);
  const unmet = r.steps.filter((s) => s.unmet !== undefined || s.result.violations.length > 0).map((s) => s.source.line);
  expect(unmet).toEqual([]);
  expect(scenario.steps.length).toBe(21);
});
