/**
 * `no-unmanaged-promises` without types: an async method a class inherits from a superclass declared
 * in the same file is a promise (`Repo.load()`, `new Repo().save()`), as typescript-eslint's
 * `no-floating-promises` sees it by type. Found by the bench's recall section (BENCHMARKS.md).
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../packages/eslint-plugin-graceful-shutdown/rules/no-unmanaged-promises.js';
import { unhandled } from './no-unmanaged-promises.helpers.js';

const ruleTester = new RuleTester();

const BASE = `class Base {
  static async load() {
    await work();
  }
  async save() {
    await work();
  }
}`;

const inherited = `${BASE}
class Repo extends Base {}
const Cached = class extends Repo {};
Repo.load();
new Repo().save();
const repo = new Cached();
repo.save();
Cached.load();`;

// `this.handshake()` in a subclass (engine.io's compiled server, bench recall section).
const SERVER = `class BaseServer {
  async handshake() {
    await work();
  }
}`;

const inheritedThis = `${SERVER}
export class Server extends BaseServer {
  handleRequest() {
    const callback = () => {
      this.handshake();
    };
    return callback;
  }
}`;

const inlineSuperclass = `const Job = class extends class {
  async run() {
    await work();
  }
} {};
new Job().run();`;

ruleTester.run('no-unmanaged-promises: inherited async methods', rule, {
  valid: [
    // The subclass overrides the method with a synchronous one.
    `${BASE}
class Repo extends Base {
  save() {
    return 1;
  }
  static load() {
    return 2;
  }
}
new Repo().save();
Repo.load();`,
    // A getter of that name hides the superclass's method.
    `${BASE}
class Repo extends Base {
  get save() {
    return () => 1;
  }
}
new Repo().save();`,
    // The superclass is a parameter, not the class of the same name declared in this file.
    `${BASE}
export function define(Base: new () => { save(): number }) {
  class Repo extends Base {}
  new Repo().save();
}`,
    // `this.handshake()`: the inherited method cannot reject.
    `class BaseServer {
  async handshake() {
    try {
      await work();
    } catch {}
  }
}
export class Server extends BaseServer {
  handleRequest() {
    this.handshake();
  }
}`,
    // `this.handshake()`: the subclass overrides it with a synchronous method.
    `${SERVER}
export class Server extends BaseServer {
  handshake() {}
  handleRequest() {
    this.handshake();
  }
}`,
    // A superclass from another module is not seen without types.
    `import { Base } from './base.js';
class Repo extends Base {}
new Repo().save();`,
  ],
  invalid: [
    {
      code: inherited,
      errors: [
        unhandled(11, inherited, 'Repo.load()'),
        unhandled(12, inherited, 'new Repo().save()'),
        unhandled(14, inherited, 'repo.save()'),
        unhandled(15, inherited, 'Cached.load()'),
      ],
    },
    { code: inlineSuperclass, errors: [unhandled(6, inlineSuperclass, 'new Job().run()')] },
    { code: inheritedThis, errors: [unhandled(9, inheritedThis, 'this.handshake()', ['void'])] },
  ],
});
