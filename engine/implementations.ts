/** The implementations a run can drive, by the name the CLI uses. */
import type { ImplementationFactory, ImplementationKind } from '../model/implementation.ts';
import { createOptimized } from '../model/optimized/index.ts';
import { createReference } from '../model/reference/index.ts';

export const IMPLEMENTATIONS: Readonly<Record<ImplementationKind, ImplementationFactory>> = {
  reference: createReference,
  optimized: createOptimized,
};

export type ImplChoice = ImplementationKind | 'both';

export function implKinds(choice: ImplChoice): ImplementationKind[] {
  return choice === 'both' ? ['reference', 'optimized'] : [choice];
}
