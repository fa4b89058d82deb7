// docs/resources.md shows the resource table as it is in detection/resources.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../packages/eslint-plugin-graceful-shutdown/detection/index.js';
import { PAGE, renderedPage } from '../../scripts/resources-page.js';

describe('docs/resources.md', () => {
  const page = readFileSync(PAGE, 'utf8');
  it('has the table as detection/resources.ts renders it (run `npm run docs` after changing a row)', () => {
    expect(page).toBe(renderedPage(page));
  });
  it('lists every row, with its close methods', () => {
    for (const row of RESOURCES) {
      const line = page.split('\n').find((text) => text.startsWith(`| \`${row.id}\` |`));
      expect(line, row.id).toBeDefined();
      for (const method of row.close) expect(line, row.id).toContain(`\`${method}()\``);
    }
  });
  it('row ids are unique', () => {
    expect(new Set(RESOURCES.map((row) => row.id)).size).toBe(RESOURCES.length);
  });
});
