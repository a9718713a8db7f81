/** The bzImage setup-header reader, on images built byte by byte here (x86 boot protocol offsets). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../base/usage-error.ts';
import { readBzImage } from '../../oracle/bzimage.ts';

const dir = mkdtempSync(join(tmpdir(), 'memhp-bzimage-'));

interface Fixture {
  setupSects?: number;
  syssize?: number;
  protocol?: number;
  loadflags?: number;
  xloadflags?: number;
  version?: string;
  magic?: string;
}

/** Two setup sectors (boot sector + 1), then `syssize` paragraphs; the version string at 0x300 (pointer 0x100). */
function image(f: Fixture = {}): Buffer {
  const setupSects = f.setupSects ?? 1;
  const syssize = f.syssize ?? 4;
  const b = Buffer.alloc((setupSects + 1) * 512 + syssize * 16);
  b[0x1f1] = setupSects;
  b.writeUInt32LE(syssize, 0x1f4);
  b.writeUInt16LE(0xaa55, 0x1fe);
  b.write(f.magic ?? 'HdrS', 0x202, 'latin1');
  b.writeUInt16LE(f.protocol ?? 0x020f, 0x206);
  b.writeUInt16LE(0x100, 0x20e);
  b[0x211] = f.loadflags ?? 0x01;
  b[0x236] = f.xloadflags ?? 0x01;
  b.write(`${f.version ?? '6.1.176-memhp (memhp@kernel-build) #1 SMP 1970-01-01'}\0`, 0x300, 'latin1');
  return b;
}

function file(name: string, data: Buffer | string): string {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}

const refusal = (path: string): string => {
  try {
    readBzImage(path);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('accepted');
};

describe('readBzImage', () => {
  it('reads the release and protocol from a whole image', () => {
    const h = readBzImage(file('good', image()));
    expect(h.release).toBe('6.1.176-memhp');
    expect(h.protocol).toBe('2.15');
    expect(h.version).toBe('6.1.176-memhp (memhp@kernel-build) #1 SMP 1970-01-01');
    expect(h.expectedSize).toBe(2 * 512 + 64);
  });

  it('counts four setup sectors when the field is 0 (boot protocol rule)', () => {
    const b = image({ setupSects: 4 });
    b[0x1f1] = 0;
    expect(readBzImage(file('zero-sects', b)).expectedSize).toBe(5 * 512 + 64);
  });

  it('refuses a truncated image, naming both sizes', () => {
    const p = file('truncated', image().subarray(0, 1050));
    expect(refusal(p)).toBe(`${p}: truncated: 1050 bytes, but its header says 1088 (1 setup sectors and 64 bytes of kernel)`);
  });

  it('refuses an image cut inside its setup header', () => {
    const p = file('cut', image().subarray(0, 0x220));
    expect(refusal(p)).toBe(`${p}: truncated: 544 bytes, shorter than the setup header`);
  });

  it('refuses /dev/null and an empty file', () => {
    expect(refusal('/dev/null')).toBe('/dev/null: not a regular file (a character device), not a kernel image');
    const p = file('empty', '');
    expect(refusal(p)).toBe(`${p}: is empty, not a kernel image`);
  });

  it('refuses ELF files, naming the architecture', () => {
    const elf = (machine: number): Buffer => {
      const b = Buffer.alloc(64);
      b.writeUInt32BE(0x7f454c46, 0);
      b[4] = 2;
      b[5] = 1;
      b.writeUInt16LE(machine, 0x12);
      return b;
    };
    const arm = file('arm64.elf', elf(0xb7));
    expect(refusal(arm)).toBe(`${arm}: an ELF file for AArch64, not an x86 kernel image`);
    const x86 = file('vmlinux', elf(0x3e));
    expect(refusal(x86)).toMatch(/an x86-64 ELF file \(a vmlinux\?\), not a bzImage/);
  });

  it('refuses a text file and a file without the HdrS magic', () => {
    const txt = file('notes.txt', 'not a kernel\n'.repeat(100));
    expect(refusal(txt)).toBe(`${txt}: not an x86 kernel image (no "HdrS" setup header at 0x202)`);
    const nomagic = file('nomagic', image({ magic: 'XXXX' }));
    expect(refusal(nomagic)).toMatch(/no "HdrS" setup header/);
  });

  it('refuses a zImage, an old protocol and a 32-bit kernel', () => {
    expect(refusal(file('zimage', image({ loadflags: 0 })))).toMatch(/a zImage \(loaded low\), not a bzImage$/);
    expect(refusal(file('old', image({ protocol: 0x0104 })))).toMatch(/boot protocol 1\.04 is older than 2\.00/);
    expect(refusal(file('i386', image({ xloadflags: 0 })))).toMatch(/a 32-bit x86 kernel/);
  });

  it('refuses a header without a version string', () => {
    expect(refusal(file('noversion', image({ version: '' })))).toMatch(/carries no kernel version string/);
  });
});

describe('resolveKernel names an image file', () => {
  it('by its release when the file is called bzImage or vmlinuz*, else by its file name', async () => {
    const { resolveKernel } = await import('../../oracle/kernel-image.ts');
    const sub = mkdtempSync(join(dir, 'named-'));
    const generic = join(sub, 'bzImage');
    writeFileSync(generic, image({ version: '6.1.176-memhp-wrong-zone (memhp@kernel-build) #1 SMP' }));
    expect(resolveKernel(generic).name).toBe('6.1.176-memhp-wrong-zone');
    const own = join(sub, 'my-kernel.img');
    writeFileSync(own, image());
    expect(resolveKernel(own).name).toBe('my-kernel.img');
  });

  it('holds it to a patch profile file given as its profile (audit --to, kernel --profile), checked before a boot', async () => {
    const { resolveKernel } = await import('../../oracle/kernel-image.ts');
    const { guestSetup } = await import('../../oracle/compare.ts');
    const { parseScenario } = await import('../../scenario/index.ts');
    const img = file('patched', image());
    const patch = 'oracle/audit-examples/revert-c5e79ef561b0-offline.profile.json';
    const k = resolveKernel(img, { profile: patch });
    expect(k.profile).toBe(patch);
    expect(k.profileWhy).toBe('given with --profile');
    const setup = guestSetup(parseScenario('state 7 offline\n', 'x.scn'), k.profile);
    expect(setup.profile.name).toBe('revert-c5e79ef561b0-offline');
    expect(setup.profile.hotplug.offlineHoles.value).toBe('ebusy');
    const bad = file('bad.profile.json', '{"name": "b", "base": "v6.1", "rules": {"hotplug.offlineHoles": "sideways"}}');
    expect(() => resolveKernel(img, { profile: bad })).toThrow(UsageError);
    expect(() => resolveKernel(img, { profile: 'v9.9' })).toThrow('unknown profile "v9.9"');
  });
});
