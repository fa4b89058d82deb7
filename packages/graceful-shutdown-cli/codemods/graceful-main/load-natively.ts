// jscodeshift loads a transform through @babel/register unless run with --no-babel. Babel then
// compiles every file the transform requires to CommonJS, which breaks ES modules that use
// `import.meta` (the helper variants do). This module is the transform's first import, so it is
// the last file Babel compiles: it reverts the hook, and the rest of the transform loads natively
// as ES modules through require(esm) (Node ≥ 20.19). Loaded as an ES module, it does nothing.
interface BabelRegister {
  revert?: () => void;
}

declare const require: NodeJS.Require | undefined;

if (typeof require === 'function' && typeof require.cache === 'object') {
  for (const [file, loaded] of Object.entries(require.cache)) {
    if (/[\\/]@babel[\\/]register[\\/]lib[\\/]index\.c?js$/.test(file))
      (loaded?.exports as BabelRegister | undefined)?.revert?.();
  }
}

export {};
