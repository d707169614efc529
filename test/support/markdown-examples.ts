import { readFileSync } from 'node:fs';

/** How a code block of the documentation is checked: `ts` blocks are type-checked and run, `ts typecheck` only checked. */
export type ExampleMode = 'run' | 'typecheck';

export interface MarkdownExample {
  /** `README.md:42` — where the block starts, for failure messages. */
  where: string;
  code: string;
  mode: ExampleMode;
}

/** Extracts the TypeScript blocks of a Markdown file (```ts and ```ts typecheck). Other languages are ignored. */
export function markdownExamples(file: string, label = file): MarkdownExample[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const examples: MarkdownExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript)(?:\s+(\S+))?\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i].startsWith('```'); i++) body.push(lines[i]);
    const flag = open[2];
    if (flag !== undefined && flag !== 'typecheck') {
      throw new Error(`${label}:${start + 1}: unknown code block flag '${flag}' (use \`\`\`ts or \`\`\`ts typecheck)`);
    }
    examples.push({ where: `${label}:${start + 1}`, code: body.join('\n'), mode: flag ? 'typecheck' : 'run' });
  }
  return examples;
}
