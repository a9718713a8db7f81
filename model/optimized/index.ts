/**
 * The optimized sparse layer: the kernel's own data structures (a two-level
 * mem_section table, per-section flag words, sub-section bitmaps) and
 * functions, one file per job. See docs/sparse-layer.md for the rules.
 */
import type { ImplementationFactory } from '../implementation.ts';
import type { Outcome } from '../outcome.ts';
import type { Step } from '../step.ts';
import { addPages } from './add-pages.ts';
import { sparseBoot } from './boot.ts';
import { createContext } from './context.ts';
import { ERRNO_VALUE } from './errno.ts';
import { observeSparse } from './observe.ts';
import { answerQuery } from './query-step.ts';
import { removePages } from './remove-pages.ts';

export const createOptimized: ImplementationFactory = (setup, bugs) => {
  const ctx = createContext(setup, bugs);
  sparseBoot(ctx, setup.boot);
  const pageSize = setup.geometry.pageSize;
  return {
    kind: 'optimized',
    apply(step: Step): Outcome {
      switch (step.op) {
        case 'add_pages':
          return addPages(ctx, step.nid, Math.floor(step.start / pageSize), Math.floor(step.size / pageSize));
        case 'remove_pages':
          return removePages(ctx, Math.floor(step.start / pageSize), Math.floor(step.size / pageSize));
        case 'fail':
          ctx.faults.arm(step.alloc, -ERRNO_VALUE[step.errno]);
          return 'ok';
        case 'query':
          return answerQuery(ctx, step);
        case 'dump':
          return 'ok';
      }
    },
    observe() {
      return observeSparse(ctx);
    },
  };
};
