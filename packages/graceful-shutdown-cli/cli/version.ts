import { readFileSync } from 'node:fs';

/** The package's version: package.json is one level up from `cli/` in the sources, two from `dist/cli/`. */
export function packageVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const json = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (json.name === 'graceful-shutdown-cli' && typeof json.version === 'string') return json.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}
