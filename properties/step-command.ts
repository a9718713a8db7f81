/** The one fast-check command type: resolve an intent, apply it to every implementation, check. */
import type fc from 'fast-check';
import { describeIntent, type Intent } from './intent.ts';
import { operationOf } from './swarm.ts';
import type { World } from './world.ts';

export class StepCommand implements fc.Command<World, World> {
  constructor(readonly intent: Intent) {}

  /** Only swarm testing refuses a command: its operation is off for this run. */
  check(world: Readonly<World>): boolean {
    return (world as World).admits(operationOf(this.intent));
  }

  run(world: World): void {
    world.run(this.intent);
  }

  toString(): string {
    return describeIntent(this.intent);
  }
}
