/**
 * The command channel to the guest's shell over its second serial port. A
 * request is one line "<id> <base64 of the command>"; the guest answers
 * "@@MEMHP-BEGIN <id>@@", the output, "@@MEMHP-END <id> <status>@@"
 * (oracle/guest/init.sh). Ids grow, so a stale answer is never taken for a
 * new one.
 */
import type { Socket } from 'node:net';

export interface ShellResult {
  readonly output: string;
  readonly status: number;
}

export class GuestTimeout extends Error {}

export class SerialChannel {
  private text = '';
  private nextId = 1;
  private waiters: Array<() => void> = [];
  private closed = false;

  constructor(private readonly sock: Socket) {
    sock.setEncoding('latin1');
    sock.on('data', (chunk: string) => {
      this.text += chunk;
      this.wake();
    });
    sock.on('close', () => {
      this.closed = true;
      this.wake();
    });
    sock.on('error', () => undefined);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Waits until `find` returns a value from the received text, or throws GuestTimeout. */
  private async until<T>(find: (text: string) => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = find(this.text);
      if (v !== undefined) return v;
      const left = deadline - Date.now();
      if (this.closed) throw new GuestTimeout(`guest closed its serial port while waiting for ${what}`);
      if (left <= 0) throw new GuestTimeout(`guest did not answer ${what} within ${Math.round(timeoutMs / 1000)} s`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** The release string of the ready line the init script prints once. */
  async ready(timeoutMs: number): Promise<string> {
    return this.until(
      (t) => {
        const m = /@@MEMHP-READY (\S+)@@\n/.exec(t);
        if (m === null) return undefined;
        this.text = t.slice(m.index + m[0].length);
        return m[1];
      },
      timeoutMs,
      'the ready line',
    );
  }

  async run(command: string, timeoutMs = 30_000): Promise<ShellResult> {
    return this.send(command, timeoutMs);
  }

  /**
   * Like run(), but a guest that dies or stops answering mid-command gives
   * what it printed so far (`complete` false) instead of an error, so that a
   * batch of steps can say which of them finished.
   */
  async runPartial(command: string, timeoutMs: number): Promise<ShellResult & { readonly complete: boolean; readonly why?: string }> {
    const begin = `@@MEMHP-BEGIN ${this.nextId}@@\n`;
    try {
      return { ...(await this.send(command, timeoutMs)), complete: true };
    } catch (e) {
      if (!(e instanceof GuestTimeout)) throw e;
      const b = this.text.indexOf(begin);
      return { output: b < 0 ? '' : this.text.slice(b + begin.length), status: -1, complete: false, why: e.message };
    }
  }

  private async send(command: string, timeoutMs: number): Promise<ShellResult> {
    const id = this.nextId++;
    this.sock.write(`${id} ${Buffer.from(command, 'utf8').toString('base64')}\n`);
    const begin = `@@MEMHP-BEGIN ${id}@@\n`;
    const endRe = new RegExp(`@@MEMHP-END ${id} (\\d+)@@\\n`);
    return this.until(
      (t) => {
        const b = t.indexOf(begin);
        if (b < 0) return undefined;
        endRe.lastIndex = 0;
        const m = endRe.exec(t.slice(b + begin.length));
        if (m === null) return undefined;
        const output = t.slice(b + begin.length, b + begin.length + m.index);
        this.text = t.slice(b + begin.length + m.index + m[0].length);
        return { output, status: Number(m[1]) };
      },
      timeoutMs,
      `command ${id} (${command.slice(0, 60)})`,
    );
  }
}
