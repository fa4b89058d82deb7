// The typed rules read TypeScript's flags from the TypeScript that checks the file, never inlined:
// 6.0 renumbered `TypeFlags`, and the plugin's peer range spans 4.8 to 6.0.
import { createRequire } from 'node:module';
import typescript6 from 'typescript';
import typescript5 from 'typescript-5';
import { describe, expect, it } from 'vitest';
import {
  typeScriptFlags,
  typeScriptFlagsOf,
} from '../../packages/eslint-plugin-graceful-shutdown/rules/typescript-flags.js';

type TypeScript = Parameters<typeof typeScriptFlagsOf>[0];
const ts6 = typescript6 as unknown as TypeScript;
const ts5 = typescript5 as unknown as TypeScript;

/** A checker of a one-file program in memory, made by the given TypeScript. */
function checkerOf(typescript: TypeScript): Parameters<typeof typeScriptFlags>[0] {
  const host = typescript.createCompilerHost({ noLib: true });
  host.getSourceFile = (name, target) =>
    name === 'a.ts' ? typescript.createSourceFile(name, 'export const a = 1;', target) : undefined;
  return typescript.createProgram(['a.ts'], { noLib: true }, host).getTypeChecker();
}

describe('typeScriptFlagsOf', () => {
  it.each([
    ['5', ts5],
    ['6', ts6],
  ])('reads TypeScript %s’s own values', (_, typescript) => {
    const f = typescript.TypeFlags;
    const flags = typeScriptFlagsOf(typescript);
    expect(flags.undefined).toBe(f.Undefined);
    expect(flags.nullish).toBe(f.Undefined | f.Null | f.Void);
    expect(flags.anyOrUnknown).toBe(f.Any | f.Unknown);
    expect(flags.stringLike).toBe(f.StringLike);
    expect(flags.otherPrimitive & f.Never).toBe(f.Never);
    expect(flags.otherPrimitive & f.Object).toBe(0);
    expect(flags.primitive).toBe(f.StringLike | flags.otherPrimitive);
    expect(flags.union).toBe(f.Union);
    expect(flags.instantiableNonPrimitive).toBe(f.InstantiableNonPrimitive);
    expect(flags.object).toBe(f.Object);
    expect(flags.mappedObject).toBe(typescript.ObjectFlags.Mapped);
    expect(flags.symbolType).toBe(typescript.SymbolFlags.Type);
    expect(flags.optionalSymbol).toBe(typescript.SymbolFlags.Optional);
  });

  it('differs between the versions, so no inlined table could serve both', () => {
    expect(typeScriptFlagsOf(ts5).nullish).not.toBe(typeScriptFlagsOf(ts6).nullish);
  });
});

describe('typeScriptFlags', () => {
  // The rules' own load resolves TypeScript as typescript-eslint does: 6 here, 5 in the
  // `rules-typescript-5` project (tests/typescript-5.cjs), whose `GRACEFUL_SHUTDOWN_TYPESCRIPT` says so.
  const loaded = process.env.GRACEFUL_SHUTDOWN_TYPESCRIPT === '5' ? ts5 : ts6;
  const other = loaded === ts6 ? ts5 : ts6;

  it('gives the values of the TypeScript typescript-eslint loads', () => {
    const fromEstree = createRequire(createRequire(import.meta.url).resolve('@typescript-eslint/typescript-estree'))(
      'typescript',
    ) as TypeScript;
    expect(fromEstree.version).toBe(loaded.version);
    expect(typeScriptFlags(checkerOf(loaded))).toEqual(typeScriptFlagsOf(loaded));
  });

  it('fails with a clear error for a checker of another TypeScript', () => {
    expect(() => typeScriptFlags(checkerOf(other))).toThrow(/not the one typescript-eslint resolves/);
  });
});
