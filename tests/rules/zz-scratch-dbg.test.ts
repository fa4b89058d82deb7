import { parse } from '@typescript-eslint/parser';
import { detectEntrypoint } from '../../detection/entrypoint.js';
import { it } from 'vitest';
it('dbg', () => {
  const text = "async function main() {}\nmain();\nfetch('x').catch(() => 1);\n";
  const program = parse(text, { sourceType: 'module' });
  console.log(JSON.stringify(detectEntrypoint({ filename: '/tmp/nup/lib.ts', program: program as never, text, cwd: '/tmp/nup' }).reasons.map((r) => r.kind)));
});
