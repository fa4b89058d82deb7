// Bundles the plugin's entry (`dist/index.js` and the rules it imports) into that one file, after
// `tsc` has built `dist/`. Loading one module instead of dozens is most of what the plugin costs a
// process before it lints anything (an editor's ESLint server, a pre-commit run, `eslint` in CI).
// `dist/detection/` stays as separate modules that the bundle imports: the CLI imports them by
// subpath (`eslint-plugin-graceful-shutdown/detection/<module>`), so a process that loads both
// shares one copy of the detection layer and its caches (docs/architecture.md §11). Packages stay
// external. Run from the plugin's folder.
import path from 'node:path';
import { build } from 'esbuild';

const dist = path.resolve('dist');
const detection = path.join(dist, 'detection');

/** Imports that resolve into `dist/detection/` stay imports, rewritten relative to the bundle. */
const detectionStaysExternal = {
  name: 'detection-stays-external',
  setup(builder) {
    builder.onResolve({ filter: /^\.\.?\// }, ({ path: specifier, resolveDir }) => {
      const target = path.resolve(resolveDir, specifier);
      if (target !== detection && !target.startsWith(`${detection}${path.sep}`)) return undefined;
      return { path: `./${path.relative(dist, target).split(path.sep).join('/')}`, external: true };
    });
  },
};

await build({
  entryPoints: [path.join(dist, 'index.js')],
  outfile: path.join(dist, 'index.js'),
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  plugins: [detectionStaysExternal],
  logLevel: 'warning',
});
