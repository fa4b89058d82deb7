/**
 * Runs `analyseFile` over many files: in this thread for one job (or one file), else on N worker
 * threads fed one file at a time, so a slow file never holds a batch back. A worker that dies
 * fails only the file it held; another takes its place. Aborting `signal` stops the run: the
 * workers are terminated and the abort reason is thrown.
 */
import { Worker } from 'node:worker_threads';
import { createCheckpoint } from '../cancel.js';
import { errorMessage } from '../errors.js';
import { type AnalyseOutcome, type AnalyseRequest, analyseFile } from './analyse.js';

export interface AnalyseAllOptions {
  readonly jobs: number;
  readonly signal?: AbortSignal | undefined;
  readonly onDone?: (request: AnalyseRequest) => void;
}

export async function analyseAll(
  requests: readonly AnalyseRequest[],
  options: AnalyseAllOptions,
): Promise<AnalyseOutcome[]> {
  const { jobs, signal, onDone = () => {} } = options;
  const outcomes = new Array<AnalyseOutcome>(requests.length);
  if (jobs <= 1 || requests.length < 2) {
    const checkpoint = createCheckpoint(signal);
    for (const [i, request] of requests.entries()) {
      await checkpoint();
      outcomes[i] = analyseFile(request);
      onDone(request);
    }
    return outcomes;
  }

  signal?.throwIfAborted();
  const workerUrl = new URL('./worker.js', import.meta.url);
  const workers = new Set<Worker>();
  const stopAll = (): void => {
    for (const worker of workers) void worker.terminate();
  };
  signal?.addEventListener('abort', stopAll, { once: true });
  let next = 0;
  let lastCrash = 'no worker could start';
  const runWorker = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const worker = new Worker(workerUrl);
      workers.add(worker);
      let current = -1;
      let completed = 0;
      let crash: string | undefined;
      const feed = (): void => {
        if (next >= requests.length || signal?.aborted) {
          current = -1;
          void worker.terminate();
          return;
        }
        current = next++;
        worker.postMessage({ id: current, request: requests[current] });
      };
      worker.on('message', (message: { id: number; outcome: AnalyseOutcome }) => {
        outcomes[message.id] = message.outcome;
        completed++;
        onDone(requests[message.id]!);
        feed();
      });
      worker.on('error', (error) => {
        crash = errorMessage(error);
      });
      worker.on('exit', (code) => {
        workers.delete(worker);
        if (current < 0 || signal?.aborted) return resolve();
        lastCrash = crash ?? `exit code ${code}`;
        outcomes[current] = { status: 'failed', error: `worker crashed: ${lastCrash}` };
        onDone(requests[current]!);
        // A worker that never finished a file cannot load at all: do not respawn it for every file.
        resolve(completed > 0 && next < requests.length ? runWorker() : undefined);
      });
      feed();
    });
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, requests.length) }, runWorker));
  } finally {
    signal?.removeEventListener('abort', stopAll);
  }
  signal?.throwIfAborted();
  for (let i = 0; i < requests.length; i++) {
    if (!outcomes[i]) {
      outcomes[i] = { status: 'failed', error: `worker crashed: ${lastCrash}` };
      onDone(requests[i]!);
    }
  }
  return outcomes;
}
