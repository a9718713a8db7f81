/**
 * A QMP (QEMU Machine Protocol) client on an accepted unix-socket connection:
 * capabilities negotiation, commands with their `return` or `error`, and
 * asynchronous events kept for waitEvent().
 */
import type { Socket } from 'node:net';

export interface QmpEvent {
  readonly event: string;
  readonly data?: Record<string, unknown>;
}

export class QmpError extends Error {
  constructor(
    readonly command: string,
    readonly desc: string,
  ) {
    super(`QMP ${command}: ${desc}`);
  }
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; command: string };

export class Qmp {
  private buffer = '';
  private readonly queue: Pending[] = [];
  private readonly events: QmpEvent[] = [];
  private waiters: Array<() => void> = [];
  private greeted: Promise<void>;
  private closedError: Error | undefined;

  constructor(private readonly sock: Socket) {
    let greet: () => void = () => undefined;
    this.greeted = new Promise((r) => (greet = r));
    sock.setEncoding('utf8');
    sock.on('data', (chunk: string) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl).trim();
        this.buffer = this.buffer.slice(nl + 1);
        if (line !== '') this.message(JSON.parse(line) as Record<string, unknown>, greet);
      }
    });
    const fail = (): void => {
      this.closedError = new Error('QMP connection closed');
      for (const p of this.queue.splice(0)) p.reject(this.closedError);
      this.wake();
    };
    sock.on('close', fail);
    sock.on('error', fail);
  }

  private message(m: Record<string, unknown>, greet: () => void): void {
    if ('QMP' in m) return greet();
    if ('event' in m) {
      this.events.push({ event: String(m.event), ...(m.data !== undefined ? { data: m.data as Record<string, unknown> } : {}) });
      return this.wake();
    }
    const p = this.queue.shift();
    if (p === undefined) return;
    if ('error' in m) {
      const err = m.error as { desc?: string };
      p.reject(new QmpError(p.command, err.desc ?? 'error'));
    } else p.resolve(m.return);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  async start(): Promise<void> {
    await this.greeted;
    await this.execute('qmp_capabilities');
  }

  execute(command: string, args?: Record<string, unknown>): Promise<unknown> {
    if (this.closedError !== undefined) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      this.queue.push({ resolve, reject, command });
      this.sock.write(`${JSON.stringify(args === undefined ? { execute: command } : { execute: command, arguments: args })}\n`);
    });
  }

  /** Forgets the events received so far. */
  drainEvents(): QmpEvent[] {
    return this.events.splice(0);
  }

  /** The first event (received since the last drain) that `match` accepts, or undefined after `timeoutMs`. */
  async waitEvent(match: (e: QmpEvent) => boolean, timeoutMs: number): Promise<QmpEvent | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.events.findIndex(match);
      if (i >= 0) return this.events.splice(i, 1)[0];
      const left = deadline - Date.now();
      if (left <= 0 || this.closedError !== undefined) return undefined;
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }
}
