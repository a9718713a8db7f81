/**
 * `memhp: note: …` on stderr: something the user should know that is not an
 * error. Each distinct line once per process, so a name used by every file of
 * a corpus is noted once.
 */
const noted = new Set<string>();

export function note(line: string): void {
  if (noted.has(line)) return;
  noted.add(line);
  process.stderr.write(`memhp: note: ${line}\n`);
}
