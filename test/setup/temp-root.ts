/**
 * Global setup of the fast tier: every temporary file a test or the memhp
 * processes it starts make goes under one directory of this run (TMPDIR,
 * which os.tmpdir() reads and the test workers and children inherit), removed
 * when the run ends, so a run leaves nothing in the machine's /tmp.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'memhp-tests-'));
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
