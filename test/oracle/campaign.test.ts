/** The campaign's sequences come from the seed alone and only use steps a pc-dimm guest can express. */
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { CAMPAIGN_CONFIGS, generateSequence } from '../../oracle/campaign.ts';
import { inexpressible } from '../../oracle/expressible.ts';
import { classify } from '../../oracle/known-classes.ts';
import { parseScenario, printStep } from '../../scenario/index.ts';

describe('kernel campaign sequences', () => {
  it('are the same for the same seed and differ for another', () => {
    const a = generateSequence(seedrandom('42:6.1'), 40).map(printStep);
    expect(generateSequence(seedrandom('42:6.1'), 40).map(printStep)).toEqual(a);
    expect(generateSequence(seedrandom('43:6.1'), 40).map(printStep)).not.toEqual(a);
  });

  it('parse back and are expressible on the guest under every campaign config', () => {
    for (const [i, config] of CAMPAIGN_CONFIGS.entries()) {
      const steps = generateSequence(seedrandom(`s${i}`), 60);
      const text = [...config, ...steps.map(printStep)].join('\n');
      expect(inexpressible(parseScenario(text, 'gen.scn'))).toEqual([]);
    }
  });

  it('classify a difference only by its own known cause', () => {
    const at = { step: 1, line: 1 };
    expect(classify({ ...at, text: 'online 32 yes', what: 'answer', kernel: 'ok', model: '-EINVAL' }, [])?.id).toBe('kstrtobool-first-char');
    expect(classify({ ...at, text: 'online 32 2', what: 'answer', kernel: 'ok', model: '-EINVAL' }, [])).toBeUndefined();
    expect(classify({ ...at, text: 'state 7 offline', what: 'answer', kernel: '-EINVAL', model: 'ok' }, [])?.id).toBe('offline-block-with-hole');
    expect(classify({ ...at, text: 'state 8 offline', what: 'answer', kernel: '-EINVAL', model: 'ok' }, [])).toBeUndefined();
    expect(classify({ ...at, text: 'add_memory 0x100000000 128M', what: 'block 32', kernel: 'online Movable', model: 'online Normal' }, ['config online_policy auto-movable'])?.id).toBe('unmodelled-config');
  });
});
