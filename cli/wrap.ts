/** Output lines of the kernel commands stay within 120 columns: a longer line continues on the next, indented. */
export const MAX_COLUMNS = 120;

export function wrapLine(line: string, width = MAX_COLUMNS): string {
  if ([...line].length <= width) return line;
  const indent = ' '.repeat(Math.min(((/^ */.exec(line)?.[0].length ?? 0) + 4), 40));
  const out: string[] = [];
  let current = '';
  for (const word of line.split(/(?<= )/)) {
    const candidate = current + word;
    if ([...candidate.trimEnd()].length > width && current.trim() !== '') {
      out.push(current.trimEnd());
      current = indent + word.trimStart();
      // A single word longer than the line is cut: nothing here is worth a wider terminal.
      while ([...current].length > width) {
        out.push(current.slice(0, width));
        current = indent + current.slice(width);
      }
    } else current = candidate;
  }
  out.push(current.trimEnd());
  return out.join('\n');
}

/** Every line of `text` wrapped. */
export function wrapText(text: string, width = MAX_COLUMNS): string {
  return text.split('\n').map((l) => wrapLine(l, width)).join('\n');
}
