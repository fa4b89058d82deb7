/**
 * A one-line progress bar on stderr, only on a terminal and only for runs long enough to need it
 * (it appears after a short delay). Redraws are throttled; `done()` erases it so the summary
 * that follows starts on a clean line.
 */
import { colorsFor, type Stream, visibleLength } from './output.js';

export interface Progress {
  tick(label: string): void;
  done(): void;
}

const NOOP: Progress = { tick() {}, done() {} };

export function createProgress(
  stream: Stream,
  total: number,
  title: string,
  options: { delayMs?: number; now?: () => number } = {},
): Progress {
  if (stream.isTTY !== true || total < 2) return NOOP;
  const now = options.now ?? Date.now;
  const started = now();
  const delayMs = options.delayMs ?? 400;
  const c = colorsFor(stream);
  let count = 0;
  let lastDraw = 0;
  let drawn = false;
  const draw = (label: string): void => {
    const columns = stream.columns || 80; // 0 when the terminal does not say
    const width = Math.max(10, Math.min(30, columns - 60));
    const filled = Math.round((count / total) * width);
    const bar = c.cyan('█'.repeat(filled)) + c.dim('░'.repeat(width - filled));
    const head = `${title} ${bar} ${count}/${total} `;
    const room = columns - visibleLength(head) - 1;
    const tail = room < 4 ? '' : label.length > room ? `…${label.slice(-(room - 1))}` : label;
    stream.write(`\r\u001b[2K${head}${c.dim(tail)}`);
    drawn = true;
  };
  return {
    tick(label) {
      count++;
      const time = now();
      if (time - started < delayMs || (time - lastDraw < 80 && count < total)) return;
      lastDraw = time;
      draw(label);
    },
    done() {
      if (drawn) stream.write('\r\u001b[2K');
    },
  };
}
