/**
 * `no-unmanaged-promises`, without types: a method called on a receiver of unknown origin (a loop
 * variable, a callback's parameter) is resolved to the functions its file declares under that name
 * (detection/same-file-methods.ts; issue #15, npm-check-updates' bundled glob and path-scurry).
 * The calls are chained (`.then(…)`): a chain is a promise without types, and it is unhandled
 * exactly when the call it starts from may reject.
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../packages/eslint-plugin-graceful-shutdown/rules/no-unmanaged-promises.js';
import { replaceOnce, unhandled } from './no-unmanaged-promises.helpers.js';

const ruleTester = new RuleTester();

/**
 * path-scurry and glob reduced: `PathBase`'s `lstat()` / `realpath()` catch every error, the
 * scurry's methods of the same names call them on another object (a cycle through the name), the
 * walker calls them on loop variables and callback parameters, and an object literal holds the
 * fs functions (which can reject) under `promises`.
 */
const PATH_SCURRY = `import { lstat, realpath } from 'node:fs/promises';
const defaultFs = { promises: { lstat, realpath } };
export class PathBase {
  #fs;
  #real;
  constructor(name, options) {
    this.name = name;
    this.parent = options.parent;
    this.#fs = this.parent ? this.parent.#fs : defaultFs;
  }
  async lstat() {
    try {
      await this.#fs.promises.lstat(this.fullpath());
      return this;
    } catch {
      return undefined;
    }
  }
  async realpath() {
    if (this.#real) return this.#real;
    try {
      const real = await this.#fs.promises.realpath(this.fullpath());
      return (this.#real = this.resolve(real));
    } catch {
      return undefined;
    }
  }
  resolve(path) {
    return path ? new PathBase(path, { parent: this }) : this;
  }
  fullpath() {
    return this.parent ? \`\${this.parent.fullpath()}/\${this.name}\` : this.name;
  }
  isUnknown() {
    return this.#real === undefined;
  }
}
export class PathScurry {
  constructor(cwd) {
    this.cwd = cwd;
  }
  async lstat(entry = this.cwd) {
    return entry.lstat();
  }
  async realpath(entry = this.cwd, { withFileTypes } = { withFileTypes: false }) {
    const real = await entry.realpath();
    return withFileTypes ? real : real?.fullpath();
  }
}
export class Walker {
  realpath;
  constructor(options) {
    this.realpath = !!options.realpath;
  }
  async matchCheck(entry) {
    const real = await entry.realpath();
    const stat = real?.isUnknown() ? await real.lstat() : real;
    return this.matchCheckTest(stat);
  }
  matchCheckTest(entry) {
    return entry && !entry.isUnknown() ? entry : undefined;
  }
  async match(entry, found) {
    const match = await this.matchCheck(entry);
    if (match) found(match);
  }
  walk(entries, found, done) {
    let pending = entries.length + 1;
    const next = () => {
      if (--pending === 0) done();
    };
    for (const entry of entries) {
      this.match(entry, found).then(() => next());
      entry.realpath().then((real) => (real?.isUnknown() ? real.lstat() : real));
    }
    const links = [];
    for (const entry of entries) links.push(entry.realpath().then((real) => real?.lstat()));
    Promise.all(links).then(() => next());
  }
}`;

const line = (code: string, text: string): number => {
  const lines = code.split('\n');
  const at = lines.findIndex((source) => source.includes(text));
  if (at === -1 || lines.findIndex((source, index) => index > at && source.includes(text)) !== -1)
    throw new Error(`expected ${text} on exactly one line`);
  return at + 1;
};

const MATCH = 'this.match(entry, found).then(() => next())';
const LINK = 'entry.realpath().then((real) => (real?.isUnknown() ? real.lstat() : real))';
const LINKS = 'Promise.all(links).then(() => next())';

/** A case of PATH_SCURRY with each `from` replaced by its `to`, reporting each of `floating` as unhandled (`void` only: no `await` in `walk`). */
function reported(name: string, replacements: ReadonlyArray<readonly [string, string]>, floating: readonly string[]) {
  const code = replacements.reduce((text, [from, to]) => replaceOnce(text, from, to), PATH_SCURRY);
  return { name, code, errors: floating.map((text) => unhandled(line(code, text), code, text, ['void'])) };
}

const IMPORT = "import { lstat, realpath } from 'node:fs/promises';";
const IMPORT_FSP = `${IMPORT}\nimport fsp from 'node:fs/promises';`;
const IN_WALK = '    const links = [];';

ruleTester.run('no-unmanaged-promises: methods of the same file on receivers of unknown origin', rule, {
  valid: [PATH_SCURRY],
  invalid: [
    reported(
      'The fs function itself, on the imported module.',
      [
        [IMPORT, IMPORT_FSP],
        [IN_WALK, `${IN_WALK}\n    fsp.lstat(this.cwd).then(() => next());`],
      ],
      ['fsp.lstat(this.cwd).then(() => next())'],
    ),
    reported(
      'The fs function through a local alias of the import.',
      [
        [IMPORT, IMPORT_FSP],
        [IN_WALK, `${IN_WALK}\n    const files = fsp;\n    files.lstat(this.cwd).then(() => next());`],
      ],
      ['files.lstat(this.cwd).then(() => next())'],
    ),
    reported(
      "An instance of an imported class, and a required module: another module's methods.",
      [
        [IMPORT, `${IMPORT}\nimport { Client } from 'remote-fs';`],
        [
          IN_WALK,
          `${IN_WALK}\n    const client = new Client();\n    client.lstat(this.cwd).then(() => next());\n    const remote = require('remote-fs');\n    remote.lstat(this.cwd).then(() => next());`,
        ],
      ],
      ['client.lstat(this.cwd).then(() => next())', 'remote.lstat(this.cwd).then(() => next())'],
    ),
    reported(
      'A method of a global.',
      [[IN_WALK, `${IN_WALK}\n    Deno.lstat(this.cwd).then(() => next());`]],
      ['Deno.lstat(this.cwd).then(() => next())'],
    ),
    reported(
      'The fs function on a field holding the imported module.',
      [
        [IMPORT, IMPORT_FSP],
        ['    this.realpath = !!options.realpath;', '    this.realpath = !!options.realpath;\n    this.fs = fsp;'],
        [IN_WALK, `${IN_WALK}\n    this.fs.lstat(this.cwd).then(() => next());`],
      ],
      ['this.fs.lstat(this.cwd).then(() => next())'],
    ),
    reported(
      "A member chain through the object literal's `promises`: the fs functions, which can reject.",
      [[MATCH, 'entry.promises.lstat(entry.fullpath()).then(() => next())']],
      ['entry.promises.lstat(entry.fullpath()).then(() => next())'],
    ),
    reported(
      'Another function of the same name that may reject: every one must catch its errors.',
      [['  isUnknown() {', '  static async lstat(path) {\n    await lstat(path);\n  }\n  isUnknown() {']],
      [MATCH, LINK, LINKS],
    ),
    reported(
      'A value stored under the name that is not a function of this file.',
      [[IN_WALK, `PathBase.prototype.realpath = realpath;\n${IN_WALK}`]],
      [MATCH, LINK, LINKS],
    ),
    reported(
      "The cycle does not hide a rejection of its own: the scurry's `lstat` throws.",
      [['    return entry.lstat();', "    if (!entry) throw new Error('no entry');\n    return entry.lstat();"]],
      [MATCH, LINK, LINKS],
    ),
    reported(
      "An argument where the scurry's `realpath` destructures one: it may be null.",
      [['await entry.realpath();\n    const stat', 'await entry.realpath(this.cwd, this.options);\n    const stat']],
      [MATCH],
    ),
    reported(
      'An array of promises handed elsewhere may get elements nobody sees here.',
      [[`    ${LINKS};`, `    found(links);\n    ${LINKS};`]],
      [LINKS],
    ),
  ],
});

/**
 * What a synchronous method returns, read without types: a loop variable and a field the class reads
 * a private member of (`entry.#key`, `this.parent.#fs`: any other object would throw) hold the
 * class's objects, a private method runs on whatever receiver (`root.#walk()`), and a value the
 * object was constructed with (`this.name = name`) is its builder's.
 */
const PRIVATE_MEMBERS = `export class PathBase {
  #key;
  #fs;
  #children = [];
  constructor(name, options) {
    this.name = name;
    this.#key = name.toLowerCase();
    this.parent = options.parent;
    this.#fs = this.parent ? this.parent.#fs : options.fs;
  }
  child(name) {
    for (const entry of this.#children) if (entry.#key === name) return entry;
    return this.parent || this;
  }
  resolve(names) {
    const root = this.parent || this;
    return names.length ? root.#walk(names) : this.name;
  }
  #walk(names) {
    let at = this;
    for (const name of names) at = at.child(name);
    return at;
  }
  async stat() {
    try {
      await this.#fs.stat(this.name);
    } catch {
      return this.resolve([]);
    }
    return this.resolve([this.name]);
  }
  refresh() {
    this.stat().then(() => {
      this.#children.sort();
    });
  }
}`;

/** Mutually recursive functions: `a` looks safe only while `b` is assumed so; `b` awaits a fetch. */
const CYCLE = `async function a(depth) {
  return depth ? b(depth - 1) : undefined;
}
async function b(depth) {
  if (depth) await a(depth - 1);
  await fetch('https://example.com');
}
export function start() {
  b(1).then(() => console.log('b'));
  a(1).then(() => console.log('a'));
}`;

const REFRESH = 'this.stat().then(() => {';

/** PRIVATE_MEMBERS with a member added before `refresh()`: its chain is then reported. */
function refreshReported(name: string, member: string) {
  const code = replaceOnce(PRIVATE_MEMBERS, '  refresh() {', `${member}\n  refresh() {`);
  const output = replaceOnce(
    code,
    '    this.stat().then(() => {\n      this.#children.sort();\n    });',
    '    void this.stat().then(() => {\n      this.#children.sort();\n    });',
  );
  return {
    name,
    code,
    errors: [
      {
        messageId: 'unhandled' as const,
        line: line(code, REFRESH),
        suggestions: [{ messageId: 'suggestVoid' as const, output }],
      },
    ],
  };
}

/** Mutually recursive functions neither of which adds a rejection: the cycle cannot reject. */
const SAFE_CYCLE = `async function ping(depth) {
  try {
    await fetch('https://example.com');
  } catch {}
  if (depth) await pong(depth - 1);
}
async function pong(depth) {
  if (depth) await ping(depth - 1);
}
export function start() {
  pong(2).then(() => console.log('pong'));
  ping(2).then(() => console.log('ping'));
}`;

ruleTester.run('no-unmanaged-promises: objects of the file, private members, cycles', rule, {
  valid: [PRIVATE_MEMBERS, SAFE_CYCLE],
  invalid: [
    refreshReported(
      'A class of the file declares `then`: its objects may be thenables.',
      '  then(resolve) {\n    resolve(this);\n  }',
    ),
    refreshReported(
      "A field also set from a parameter that is not the constructor's may hold a promise.",
      '  reset(next) {\n    this.name = next;\n  }',
    ),
    {
      name: 'A verdict resting on an assumed function is not kept once that function may reject.',
      code: CYCLE,
      errors: [
        unhandled(9, CYCLE, "b(1).then(() => console.log('b'))", ['void']),
        unhandled(10, CYCLE, "a(1).then(() => console.log('a'))", ['void']),
      ],
    },
  ],
});
