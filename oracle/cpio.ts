/**
 * A cpio archive in the "newc" format (the one the kernel unpacks as an
 * initramfs, Documentation/driver-api/early-userspace/buffer-format.rst):
 * 110-byte ASCII header, name, padding to 4 bytes, data, padding to 4 bytes,
 * ended by the entry "TRAILER!!!".
 */

export interface CpioEntry {
  readonly name: string;
  /** File type and permission bits, as st_mode (0o100755 a file, 0o40755 a folder, 0o20600 a char device). */
  readonly mode: number;
  readonly data?: Buffer;
  /** Device numbers of a device node. */
  readonly rdev?: { readonly major: number; readonly minor: number };
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');
const pad4 = (n: number): Buffer => Buffer.alloc((4 - (n % 4)) % 4);

export function cpioNewc(entries: readonly CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  let ino = 1;
  for (const e of [...entries, { name: 'TRAILER!!!', mode: 0 }]) {
    const data = 'data' in e && e.data !== undefined ? e.data : Buffer.alloc(0);
    const rdev = 'rdev' in e ? e.rdev : undefined;
    const name = Buffer.from(`${e.name}\0`);
    const fields = [
      ino++,
      e.mode,
      0, // uid
      0, // gid
      1, // nlink
      0, // mtime: fixed, so the archive is reproducible
      data.length,
      0, // dev major
      0, // dev minor
      rdev?.major ?? 0,
      rdev?.minor ?? 0,
      name.length,
      0, // check
    ];
    const header = Buffer.from(`070701${fields.map(hex8).join('')}`, 'ascii');
    parts.push(header, name, pad4(header.length + name.length), data, pad4(data.length));
  }
  return Buffer.concat(parts);
}
