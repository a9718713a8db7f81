/**
 * The host tools a kernel build needs, checked before anything starts: one
 * line naming the missing one, its Debian package and the setup command.
 */
import { existsSync } from 'node:fs';
import { MissingPrerequisite, onPath } from '../kernels.ts';

const SETUP = 'npm run setup:kernel-build';

interface Need {
  readonly what: string;
  readonly pkg: string;
  readonly found: () => boolean;
}

const tool = (exe: string, pkg: string): Need => ({ what: exe, pkg, found: () => onPath(exe) !== undefined });

/** What `make tinyconfig` + bzImage of an x86_64 kernel runs (objtool links libelf; a KERNEL_XZ image is packed by xz). */
export const BUILD_NEEDS: readonly Need[] = [
  tool('make', 'make'),
  tool('gcc', 'gcc'),
  tool('ld', 'binutils'),
  tool('flex', 'flex'),
  tool('bison', 'bison'),
  tool('bc', 'bc'),
  tool('perl', 'perl'),
  tool('xz', 'xz-utils'),
  { what: 'libelf headers (gelf.h)', pkg: 'libelf-dev', found: () => existsSync('/usr/include/gelf.h') },
];

/** Unpacking Debian's source package. */
export const SOURCE_NEEDS: readonly Need[] = [tool('dpkg-deb', 'dpkg'), tool('apt-get', 'apt'), tool('tar', 'tar')];

export const PATCH_NEEDS: readonly Need[] = [tool('patch', 'patch')];

export function requireTools(needs: readonly Need[]): void {
  for (const n of needs) {
    if (!n.found()) throw new MissingPrerequisite(`${n.what} not found (Debian package ${n.pkg}): run \`${SETUP}\``);
  }
}
