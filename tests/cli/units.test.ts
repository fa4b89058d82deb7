// Unit tests of the CLI's building blocks: atomic writes, source decoding, git status, progress, tables.
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { atomicWrite } from '../../packages/graceful-shutdown-cli/cli/atomic-write.js';
import { colorDiff, unifiedDiff } from '../../packages/graceful-shutdown-cli/cli/diff.js';
import { displayPath, isSourceFile } from '../../packages/graceful-shutdown-cli/cli/files.js';
import { gitRoot, uncommittedFiles } from '../../packages/graceful-shutdown-cli/cli/git.js';
import { formatTable } from '../../packages/graceful-shutdown-cli/cli/output.js';
import { SourceParseError, parseProgram } from '../../packages/graceful-shutdown-cli/cli/parse.js';
import { createProgress } from '../../packages/graceful-shutdown-cli/cli/progress.js';
import { decodeSource, encodeSource, lineEnding, readSource } from '../../packages/graceful-shutdown-cli/cli/source.js';
import { git, gitCommitAll, makeProject, removeProjects } from './helpers.js';

afterAll(removeProjects);

describe('atomicWrite', () => {
  it('replaces the content, keeps the mode, leaves no temp file', () => {
    const dir = makeProject({ 'a.js': 'old' });
    const file = path.join(dir, 'a.js');
    chmodSync(file, 0o741);
    const inode = statSync(file).ino;
    expect(atomicWrite(file, 'new')).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o741);
    expect(statSync(file).ino).not.toBe(inode); // a rename, not an in-place write
    expect(readdirSync(dir)).toEqual(['a.js']);
  });

  it('writes through a symlink to its real path and keeps the link', () => {
    const dir = makeProject({ 'real/a.js': 'old' });
    symlinkSync('real/a.js', path.join(dir, 'link.js'));
    expect(atomicWrite(path.join(dir, 'link.js'), 'new')).toBe(path.join(dir, 'real/a.js'));
    expect(lstatSync(path.join(dir, 'link.js')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(dir, 'real/a.js'), 'utf8')).toBe('new');
  });

  it('creates a file that does not exist yet', () => {
    const dir = makeProject({});
    atomicWrite(path.join(dir, 'new.js'), Buffer.from('x'));
    expect(readFileSync(path.join(dir, 'new.js'), 'utf8')).toBe('x');
  });

  it('leaves the original and no temp file when the write cannot happen', () => {
    const dir = makeProject({ 'ro/a.js': 'old' });
    if (process.getuid?.() === 0) return; // root writes anywhere
    chmodSync(path.join(dir, 'ro'), 0o555);
    try {
      expect(() => atomicWrite(path.join(dir, 'ro/a.js'), 'new')).toThrow();
      expect(readFileSync(path.join(dir, 'ro/a.js'), 'utf8')).toBe('old');
      expect(readdirSync(path.join(dir, 'ro'))).toEqual(['a.js']);
    } finally {
      chmodSync(path.join(dir, 'ro'), 0o755);
    }
  });
});

describe('source decoding', () => {
  it('strips and remembers a BOM and CRLF endings, and puts them back', () => {
    const decoded = decodeSource(Buffer.from('\ufeffa\r\nb\r\n'));
    expect(decoded).toEqual({ kind: 'text', text: 'a\r\nb\r\n', bom: true, eol: '\r\n' });
    if (decoded.kind !== 'text') throw new Error('unreachable');
    expect(encodeSource('a\nb\nc\n', decoded)).toBe('\ufeffa\r\nb\r\nc\r\n');
    expect(encodeSource('a\r\nb\n', decoded)).toBe('\ufeffa\r\nb\r\n');
    expect(encodeSource('\ufeffa\n', { bom: true, eol: '\n' })).toBe('\ufeffa\n');
  });

  it('calls mixed line endings LF', () => {
    expect(lineEnding('a\r\nb\nc')).toBe('\n');
    expect(lineEnding('no newline')).toBe('\n');
  });

  it.each([
    [Buffer.from([0x61, 0x00, 0x62]), 'binary file'],
    [Buffer.from('café', 'latin1'), 'not valid UTF-8'],
    [Buffer.from('\ufeffx', 'utf16le'), 'UTF-16 encoded (only UTF-8 is supported)'],
  ])('skips %j: %s', (bytes, reason) => {
    expect(decodeSource(bytes)).toEqual({ kind: 'skip', reason });
  });

  it('reads an empty file as empty text', () => {
    expect(decodeSource(Buffer.alloc(0))).toEqual({ kind: 'text', text: '', bom: false, eol: '\n' });
  });

  it('turns folders, loops and dangling links into skip reasons', () => {
    const dir = makeProject({});
    mkdirSync(path.join(dir, 'x.ts'));
    symlinkSync('loop.js', path.join(dir, 'loop.js'));
    symlinkSync('gone.js', path.join(dir, 'dangling.js'));
    expect(readSource(path.join(dir, 'x.ts'))).toEqual({ kind: 'skip', reason: 'is a directory' });
    expect(readSource(path.join(dir, 'loop.js'))).toEqual({ kind: 'skip', reason: 'symbolic link loop' });
    expect(readSource(path.join(dir, 'dangling.js')).kind).toBe('skip');
  });
});

describe('git', () => {
  it('finds the uncommitted files among those asked about, with their kind', () => {
    const dir = makeProject({ '.gitignore': 'out/\n', 'clean.js': '1', 'edited.js': '1', 'staged.js': '1' });
    gitCommitAll(dir);
    writeFileSync(path.join(dir, 'edited.js'), '2');
    writeFileSync(path.join(dir, 'staged.js'), '2');
    writeFileSync(path.join(dir, 'new.js'), '2');
    mkdirSync(path.join(dir, 'out'));
    writeFileSync(path.join(dir, 'out/gen.js'), '2');
    const root = gitRoot(dir)!;
    expect(root).toBe(dir);
    git(dir, 'add', 'staged.js');
    const files = ['clean.js', 'edited.js', 'new.js', 'out/gen.js', 'staged.js', '[weird]*.js'].map((f) =>
      path.join(dir, f),
    );
    const found = uncommittedFiles(root, files);
    expect(found).toEqual([
      { file: path.join(dir, 'edited.js'), kind: 'modified' },
      { file: path.join(dir, 'new.js'), kind: 'untracked' },
      { file: path.join(dir, 'out/gen.js'), kind: 'ignored' },
      { file: path.join(dir, 'staged.js'), kind: 'staged' },
    ]);
  });

  it('knows when a folder is outside any repository', () => {
    const dir = makeProject({});
    expect(gitRoot(dir)).toBeUndefined();
  });
});

describe('progress', () => {
  const tty = (): { isTTY: boolean; columns: number; written: string[]; write(text: string): void } => ({
    isTTY: true,
    columns: 80,
    written: [],
    write(text: string) {
      this.written.push(text);
    },
  });

  it('draws nothing when not on a terminal', () => {
    const stream = {
      written: [] as string[],
      write(text: string) {
        stream.written.push(text);
      },
    };
    const progress = createProgress(stream, 100, 'fix', { delayMs: 0 });
    progress.tick('a.js');
    progress.done();
    expect(stream.written).toEqual([]);
  });

  it('on a terminal, appears after the delay, redraws one line, and erases itself', () => {
    let now = 0;
    const stream = tty();
    const progress = createProgress(stream, 3, 'fix', { delayMs: 100, now: () => now });
    progress.tick('a.js');
    expect(stream.written).toEqual([]); // a quick run shows no bar
    now = 200;
    progress.tick('b.js');
    now = 400;
    progress.tick('c.js');
    progress.done();
    expect(stream.written).toHaveLength(3);
    const plain = stream.written.map((line) => line.replace(/\u001b\[[0-9;]*m/g, ''));
    expect(plain[0]).toMatch(/^\r\u001b\[2Kfix [█░]+ 2\/3 b\.js$/);
    expect(plain[1]).toContain('3/3 c.js');
    expect(stream.written[2]).toBe('\r\u001b[2K');
    expect(stream.written.every((line) => !line.includes('\n'))).toBe(true);
  });

  it('shortens long labels to fit the terminal', () => {
    const stream = tty();
    const progress = createProgress(stream, 2, 'fix', { delayMs: 0 });
    progress.tick(`${'very/'.repeat(40)}long.js`);
    const visible = stream.written[0]!.replace(/\u001b\[[0-9;]*[mK]|\r/g, '');
    expect(visible.length).toBeLessThan(80);
    expect(visible).toMatch(/….*long\.js$/);
  });
});

describe('small helpers', () => {
  it('formatTable aligns all but the last column', () => {
    expect(
      formatTable(
        [
          ['changed', 'a.js', ''],
          ['unchanged', 'bb.js', 'why'],
        ],
        '',
      ),
    ).toBe('changed    a.js\nunchanged  bb.js  why');
  });

  it('unifiedDiff uses a/ b/ paths; colorDiff colours lines', () => {
    const patch = unifiedDiff('bin/x.js', 'a\nb\n', 'a\nc\n');
    expect(patch).toBe('--- a/bin/x.js\n+++ b/bin/x.js\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n');
    const c = {
      bold: (s: string) => `B(${s})`,
      cyan: (s: string) => `C(${s})`,
      green: (s: string) => `G(${s})`,
      red: (s: string) => `R(${s})`,
    };
    expect(colorDiff(patch, c as never)).toContain('G(+c)');
  });

  it('isSourceFile knows JS/TS sources and not declaration files', () => {
    expect(['a.js', 'a.mjs', 'a.cjs', 'a.jsx', 'a.ts', 'a.mts', 'a.cts', 'a.tsx'].every(isSourceFile)).toBe(true);
    expect(['a.d.ts', 'a.d.mts', 'a.json', 'a.md', 'Makefile'].some(isSourceFile)).toBe(false);
  });

  it('displayPath is relative to the current folder, absolute when far away', () => {
    expect(displayPath('/p/src/a.js', '/p')).toBe(path.join('src', 'a.js'));
    expect(displayPath('/p/a.js', '/p/src')).toBe(path.join('..', 'a.js'));
    expect(displayPath('/x/y/a.js', '/p/q')).toBe('/x/y/a.js');
  });
});

describe('parseProgram', () => {
  it.each([
    ['a.ts', 'const x = <number>y; type T = { a: string };'],
    ['a.mts', 'export const f = <T,>(x: T): T => x;'],
    ['a.tsx', 'const e = <div>{x as string}</div>;'],
    ['a.js', 'const e = <div />; using r = open();'],
    ['a.js', '// @flow\nfunction f(x: number): string { return String(x); }'],
    ['a.cjs', 'return;'],
    ['a.ts', 'export { notDeclared };'], // recovered, not an error for the detector
  ])('%s parses %j', (file, code) => {
    expect(parseProgram(file, code).type).toBe('Program');
  });

  it("throws the parser's message with line and column", () => {
    expect(() => parseProgram('a.ts', 'const x = 1;\nconst = 2;')).toThrow(SourceParseError);
    expect(() => parseProgram('a.ts', 'const x = 1;\nconst = 2;')).toThrow(/\(2:7\)/); // 1-based column, as ESLint and editors count
  });
});
