/**
 * The real-world corpus: npm packages that ship programs — command-line tools and servers —
 * pinned by exact version so every run sees the same code. `npm pack` fetches each once into
 * bench/corpus/.cache/; later runs are offline. Change a version only on purpose (the counts in
 * BENCHMARKS.md move with it).
 */
export interface CorpusPackage {
  readonly name: string;
  readonly version: string;
  /** What its entrypoints are: a server (long-lived, listens), a watcher/runner (long-lived, spawns or polls), or a one-shot CLI. */
  readonly kind: 'server' | 'long-lived' | 'cli';
}

export const CORPUS_PACKAGES: readonly CorpusPackage[] = [
  // Servers
  { name: 'http-server', version: '14.1.1', kind: 'server' },
  { name: 'serve', version: '14.2.7', kind: 'server' },
  { name: 'json-server', version: '0.17.4', kind: 'server' },
  { name: 'live-server', version: '1.2.2', kind: 'server' },
  { name: 'local-web-server', version: '5.4.0', kind: 'server' },
  { name: 'sirv-cli', version: '3.0.1', kind: 'server' },
  { name: 'servor', version: '4.0.2', kind: 'server' },
  { name: 'http-proxy-cli', version: '2.1.0', kind: 'server' },
  { name: 'fastify-cli', version: '8.0.2', kind: 'server' },
  { name: 'verdaccio', version: '6.10.4', kind: 'server' },
  { name: 'localtunnel', version: '2.0.2', kind: 'server' },
  // Long-lived runners and watchers
  { name: 'nodemon', version: '3.1.14', kind: 'long-lived' },
  { name: 'concurrently', version: '10.0.7', kind: 'long-lived' },
  { name: 'npm-run-all2', version: '9.0.4', kind: 'long-lived' },
  { name: 'wait-on', version: '9.5.1', kind: 'long-lived' },
  { name: 'chokidar-cli', version: '3.0.0', kind: 'long-lived' },
  { name: 'onchange', version: '7.1.0', kind: 'long-lived' },
  { name: 'pm2', version: '7.0.4', kind: 'long-lived' },
  { name: 'forever', version: '4.0.3', kind: 'long-lived' },
  { name: 'cross-env', version: '10.1.0', kind: 'long-lived' },
  { name: 'dotenv-cli', version: '11.0.0', kind: 'long-lived' },
  { name: 'env-cmd', version: '11.0.0', kind: 'long-lived' },
  // One-shot command-line tools
  { name: 'prettier', version: '3.10.1', kind: 'cli' },
  { name: 'rimraf', version: '6.1.4', kind: 'cli' },
  { name: 'mkdirp', version: '3.0.1', kind: 'cli' },
  { name: 'semver', version: '7.8.6', kind: 'cli' },
  { name: 'js-yaml', version: '5.5.0', kind: 'cli' },
  { name: 'marked', version: '18.2.1', kind: 'cli' },
  { name: 'terser', version: '5.51.2', kind: 'cli' },
  { name: 'uglify-js', version: '3.19.3', kind: 'cli' },
  { name: 'browserslist', version: '4.29.6', kind: 'cli' },
  { name: 'husky', version: '9.1.7', kind: 'cli' },
  { name: 'lint-staged', version: '17.6.1', kind: 'cli' },
  { name: 'degit', version: '3.10.0', kind: 'cli' },
  { name: 'json', version: '11.0.0', kind: 'cli' },
  { name: 'kill-port', version: '2.0.1', kind: 'cli' },
  { name: 'depcheck', version: '1.4.7', kind: 'cli' },
  { name: 'madge', version: '8.0.0', kind: 'cli' },
  { name: 'cowsay', version: '1.6.0', kind: 'cli' },
  { name: 'json5', version: '2.2.3', kind: 'cli' },
  { name: 'del-cli', version: '7.0.0', kind: 'cli' },
  { name: 'cpy-cli', version: '7.0.0', kind: 'cli' },
  { name: 'mocha', version: '12.0.3', kind: 'cli' },
  { name: 'c8', version: '12.0.0', kind: 'cli' },
  { name: 'markdownlint-cli', version: '0.50.0', kind: 'cli' },
  { name: 'svgo', version: '4.1.0', kind: 'cli' },
  { name: 'postcss-cli', version: '12.0.0', kind: 'cli' },
  { name: 'less', version: '4.9.1', kind: 'cli' },
  { name: 'clean-css-cli', version: '5.6.3', kind: 'cli' },
  { name: 'html-minifier-terser', version: '7.2.0', kind: 'cli' },
];
