/**
 * Reads an x86 kernel image's real-mode setup header (the boot protocol of
 * Documentation/x86/boot.rst, what QEMU's -kernel loader reads too) and says
 * before any boot whether QEMU can start it: a bzImage, 64-bit, whole. The
 * release comes from the header's kernel_version string, so any image names
 * itself without being booted.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { UsageError } from '../base/usage-error.ts';

/** Offsets into the image (boot protocol, struct setup_header at 0x1f1). */
const SETUP_SECTS = 0x1f1;
const SYSSIZE = 0x1f4;
const BOOT_FLAG = 0x1fe;
const HEADER_MAGIC = 0x202;
const PROTOCOL = 0x206;
const KERNEL_VERSION = 0x20e;
const LOADFLAGS = 0x211;
const XLOADFLAGS = 0x236;
/** kernel_version is an offset from the end of the boot sector. */
const VERSION_BASE = 0x200;
/** The header QEMU needs runs to xloadflags (protocol 2.12). */
const HEADER_END = 0x238;
const LOADED_HIGH = 0x01;
const XLF_KERNEL_64 = 0x01;

export interface BzImageHeader {
  /** Boot protocol version, e.g. "2.15". */
  readonly protocol: string;
  /** The first word of kernel_version: what `uname -r` will answer. */
  readonly release: string;
  /** The whole kernel_version string (release, builder, build number, date). */
  readonly version: string;
  /** Bytes the header says the file holds: setup sectors and the protected-mode part. */
  readonly expectedSize: number;
  readonly size: number;
}

/** e_machine values worth naming when an ELF file is passed instead of a bzImage. */
const ELF_MACHINES: Readonly<Record<number, string>> = {
  0x03: 'i386',
  0x08: 'MIPS',
  0x14: 'PowerPC',
  0x15: 'PowerPC64',
  0x16: 's390',
  0x28: 'ARM',
  0x3e: 'x86-64',
  0xb7: 'AArch64',
  0xf3: 'RISC-V',
  0x102: 'LoongArch',
};

function refuse(path: string, why: string): never {
  throw new UsageError(`${path}: ${why}`);
}

function readAll(path: string): Buffer {
  let st;
  try {
    st = statSync(path);
  } catch {
    refuse(path, 'no such kernel image');
  }
  if (st.isDirectory()) refuse(path, 'is a directory, not a kernel image');
  if (!st.isFile()) refuse(path, `not a regular file (${st.isCharacterDevice() ? 'a character device' : 'a special file'}), not a kernel image`);
  if (st.size === 0) refuse(path, 'is empty, not a kernel image');
  const buf = Buffer.alloc(st.size);
  const fd = openSync(path, 'r');
  try {
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

function describeElf(b: Buffer): string {
  const machine = b.length >= 0x14 ? (b[5] === 2 ? b.readUInt16BE(0x12) : b.readUInt16LE(0x12)) : -1;
  const arch = ELF_MACHINES[machine] ?? `machine 0x${machine.toString(16)}`;
  if (machine === 0x3e) return 'an x86-64 ELF file (a vmlinux?), not a bzImage: boot arch/x86/boot/bzImage';
  return `an ELF file for ${arch}, not an x86 kernel image`;
}

/** The header of an x86 bzImage, or a one-line UsageError naming the file and what is wrong with it. */
export function readBzImage(path: string): BzImageHeader {
  const b = readAll(path);
  if (b.length >= 4 && b.readUInt32BE(0) === 0x7f454c46) refuse(path, describeElf(b));
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) refuse(path, 'a gzip file, not a kernel image (unpack it, or pass the bzImage itself)');
  if (b.length < HEADER_END) {
    const looksLikeKernel = b.length > HEADER_MAGIC + 4 && b.toString('latin1', HEADER_MAGIC, HEADER_MAGIC + 4) === 'HdrS';
    refuse(path, looksLikeKernel ? `truncated: ${b.length} bytes, shorter than the setup header` : `${b.length} bytes, not an x86 kernel image (no setup header)`);
  }
  if (b.toString('latin1', HEADER_MAGIC, HEADER_MAGIC + 4) !== 'HdrS' || b.readUInt16LE(BOOT_FLAG) !== 0xaa55) {
    refuse(path, 'not an x86 kernel image (no "HdrS" setup header at 0x202)');
  }
  const proto = b.readUInt16LE(PROTOCOL);
  const protocol = `${proto >> 8}.${String(proto & 0xff).padStart(2, '0')}`;
  if (proto < 0x200) refuse(path, `boot protocol ${protocol} is older than 2.00 (a zImage?), not a bzImage`);
  if (((b[LOADFLAGS] ?? 0) & LOADED_HIGH) === 0) refuse(path, 'a zImage (loaded low), not a bzImage');
  if (proto >= 0x20c && ((b[XLOADFLAGS] ?? 0) & XLF_KERNEL_64) === 0) refuse(path, 'a 32-bit x86 kernel; the oracle boots x86_64 kernels');
  const setupSects = b[SETUP_SECTS] === 0 ? 4 : (b[SETUP_SECTS] as number);
  // syssize counts 16-byte paragraphs of the protected-mode part (32 bits from protocol 2.04).
  const syssize = proto >= 0x204 ? b.readUInt32LE(SYSSIZE) : b.readUInt16LE(SYSSIZE);
  const expectedSize = (setupSects + 1) * 512 + syssize * 16;
  if (b.length < expectedSize) {
    refuse(path, `truncated: ${b.length} bytes, but its header says ${expectedSize} (${setupSects} setup sectors and ${syssize * 16} bytes of kernel)`);
  }
  const ptr = b.readUInt16LE(KERNEL_VERSION);
  let version = '';
  if (ptr !== 0 && ptr + VERSION_BASE < b.length) {
    const start = ptr + VERSION_BASE;
    const end = b.indexOf(0, start);
    version = b.toString('latin1', start, end === -1 ? Math.min(b.length, start + 256) : end).trim();
  }
  const release = version.split(/\s+/)[0] ?? '';
  if (!/^\d+\.\d+/.test(release)) refuse(path, `its header carries no kernel version string (found "${release.slice(0, 40)}")`);
  return { protocol, release, version, expectedSize, size: b.length };
}
