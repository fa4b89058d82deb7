/** Unified diffs with git's `a/` `b/` prefixes (so `git apply` and `patch -p1` take them), coloured on a terminal. */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { Colors } from './output.js';

export function unifiedDiff(displayName: string, before: string, after: string): string {
  const name = displayName.split('\\').join('/');
  return createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, {
    headerOptions: FILE_HEADERS_ONLY,
  });
}

export function colorDiff(patch: string, c: Colors): string {
  return patch
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return c.bold(line);
      if (line.startsWith('@@')) return c.cyan(line);
      if (line.startsWith('+')) return c.green(line);
      if (line.startsWith('-')) return c.red(line);
      return line;
    })
    .join('\n');
}
