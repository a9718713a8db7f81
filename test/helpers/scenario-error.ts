/** The parser's one-line complaint about a scenario text, or 'parsed' when it takes it. */
import { parseScenario, ScenarioError } from '../../scenario/index.ts';

export function scenarioError(text: string): string {
  try {
    parseScenario(text, 't.scn');
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
  return 'parsed';
}
