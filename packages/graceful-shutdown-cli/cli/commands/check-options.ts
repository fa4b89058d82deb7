/**
 * `check --concurrency`: ESLint's worker threads cannot receive the options' functions (plugins,
 * parsers, file matchers), so each loads them from this module, which rebuilds them from the JSON
 * spec in its URL (`?spec=…`) exactly as the main thread did.
 */
import { type EslintOptionsSpec, eslintOptions } from './check.js';

const spec = new URL(import.meta.url).searchParams.get('spec');
if (spec === null) throw new Error('check-options.js is loaded by ESLint with ?spec=<JSON> in its URL');

export default await eslintOptions(JSON.parse(spec) as EslintOptionsSpec);
