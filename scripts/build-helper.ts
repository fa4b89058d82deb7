// Build step of graceful-shutdown-cli: writes the runtime helper variants the `graceful-main` codemod
// copies into users' projects, generated from codemods/helper/graceful-shutdown.ts, to its dist/helper/.
// Run after its `tsc -p tsconfig.build.json` (`npm run build -w graceful-shutdown-cli`).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import {
  generateHelperVariant,
  helperFileNames,
  type HelperVariant,
} from '../packages/graceful-shutdown-cli/codemods/helper/variants.js';

const root = new URL('../packages/graceful-shutdown-cli/', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string };
const template = readFileSync(new URL('codemods/helper/graceful-shutdown.ts', root), 'utf8');
const outDir = new URL('dist/helper/', root);
mkdirSync(outDir, { recursive: true });
for (const variant of Object.keys(helperFileNames) as HelperVariant[]) {
  const file = new URL(helperFileNames[variant], outDir);
  writeFileSync(file, generateHelperVariant(variant, template, version));
  // stderr: `npm pack` (prepack) output on stdout is read as the tarball name.
  console.error(`wrote ${file.pathname.slice(root.pathname.length)}`);
}
