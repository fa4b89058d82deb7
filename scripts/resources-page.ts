/**
 * The table of `docs/resources.md`, rendered from `detection/resources.ts`: `npm run docs` writes
 * it between the page's markers, and `tests/detection/resources-page.test.ts` fails when they differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RESOURCES, type ResourceRow } from '../packages/eslint-plugin-graceful-shutdown/detection/resources.js';

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

/** What the `graceful-main` codemod does with it when `main` opens it (docs/codemods.md, "Resources are closed"). */
function codemodClose(row: ResourceRow): string {
  if (row.role === 'holder') return '—';
  if (row.server === 'http') return 'closed after `await shutdown`: `closeServer(server)`';
  const close = code(
    row.closeExpression === undefined
      ? `${row.close[0]!}()`
      : row.closeExpression.replaceAll('{value}', 'value').replace(/\s+/g, ' '),
  );
  const parts = [
    row.server === 'closes-itself'
      ? `closed after \`await shutdown\` when it listens (${code(`${row.close[0]!}()`)}), else deferred`
      : `deferred: ${close}${row.closesOnModule ? ' on the module' : ''}`,
  ];
  if (row.runsUntilClosed) parts.push('main awaits shutdown');
  if (row.runsAfter)
    parts.push(`main awaits shutdown after ${row.runsAfter.map((method) => code(`${method}()`)).join(', ')}`);
  if (row.closesWithServers) parts.push('closed with the servers when main has some');
  return parts.join('; ');
}

export function renderResourceTable(): string {
  const lines = [
    '| id | module | created by | closed by | drains first | graceful-main | note |',
    '|---|---|---|---|---|---|---|',
    ...RESOURCES.map(
      (row) =>
        `| ${code(row.id)} | ${row.modules.map(code).join(', ')} | ${created(row)} | ${closed(row)} | ${
          row.role === 'holder' ? '—' : row.drains ? 'yes' : 'no'
        } | ${codemodClose(row)} | ${row.note.replaceAll('|', '\\|')} |`,
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
