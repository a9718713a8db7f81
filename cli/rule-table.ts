/** `memhp profiles --rules`: the rule catalogue as a Markdown table (docs/patch-profiles.md). */
import { ruleCatalogue } from '../model/profiles/catalogue.ts';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

export function ruleTableMarkdown(): string {
  const lines = ['| rule key | value | profiles with it | what it means | since |', '|---|---|---|---|---|'];
  for (const entry of ruleCatalogue()) {
    entry.values.forEach((v, i) => {
      lines.push(
        `| ${i === 0 ? `\`${entry.key}\`` : ''} | \`${cell(JSON.stringify(v.value))}\` | ${v.profiles.length === 0 ? 'none (a proposal)' : cell(v.profiles.join(', '))} | ${cell(v.rule.explain)} | ${cell(`${v.rule.since.commit} (${v.rule.since.version})`)} |`,
      );
    });
  }
  return `${lines.join('\n')}\n`;
}

export function ruleTableCommand(): number {
  process.stdout.write(ruleTableMarkdown());
  return 0;
}
