/** The scenario language: parser, canonical printer and errors. */
export type { ConfigLine, Scenario, ScenarioStep } from './types.ts';
export { parseScenario } from './parser.ts';
export { printBoot, printScenario, printStep } from './printer.ts';
export type { PrintOptions } from './printer.ts';
export { formatAddress, formatSize } from './numbers.ts';
export { ScenarioError } from './errors.ts';
