/**
 * The table of `docs/resources.md`, rendered from `detection/resources.ts`: `npm run docs` writes
 * it between the page's markers, and `tests/detection/resources-page.test.ts` fails when they differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RESOURCES, type ResourceRow } from '../detection/resources.js';

export const PAGE = fileURLToPath(new URL('../docs/resources.md', import.meta.url));
export const BEGIN = '<!-- begin generated resource table -->';
export const END = '<!-- end generated resource table -->';

const code = (text: string): string => `\`${text}\``;

function created(row: ResourceRow): string {
  const { creation } = row;
  if (creation.kind === 'method') return `method of \`${creation.of}\`: ${creation.methods.map(code).join(', ')}`;
  const names = creation.exports.map((name) => (name === '*' || name === 'default' ? 'the module' : code(name)));
  return `${creation.kind}: ${[...new Set(names)].join(', ')}`;
}

function closed(row: ResourceRow): string {
  if (row.role === 'holder') return '— (holder)';
  const methods = row.close.map((method) => code(`${method}()`)).join(', ');
  const extra = row.selfClosing?.map((method) => code(`${method}()`)) ?? [];
  return [methods + (row.closesOnModule ? ' on the module' : ''), ...extra].join(', ');
}

export function renderResourceTable(): string {
  const lines = [
    '| id | module | created by | closed by | drains first | note |',
    '|---|---|---|---|---|---|',
    ...RESOURCES.map(
      (row) =>
        `| ${code(row.id)} | ${row.modules.map(code).join(', ')} | ${created(row)} | ${closed(row)} | ${
          row.role === 'holder' ? '—' : row.drains ? 'yes' : 'no'
        } | ${row.note.replaceAll('|', '\\|')} |`,
    ),
  ];
  return `${BEGIN}\n\n${lines.join('\n')}\n\n${END}`;
}

/** The page with its table section replaced by the rendering of the current table. */
export function renderedPage(page: string): string {
  const start = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (start === -1 || end === -1) throw new Error(`${PAGE}: the markers ${BEGIN} / ${END} are missing`);
  return page.slice(0, start) + renderResourceTable() + page.slice(end + END.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(PAGE, renderedPage(readFileSync(PAGE, 'utf8')));
  console.log(`wrote ${PAGE}`);
}
