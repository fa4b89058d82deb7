/**
 * Runs `analyseFile` over many files: in this thread for one job (or one file), else on N worker
 * threads fed one file at a time, so a slow file never holds a batch back. A worker that dies
 * fails only the file it held; another takes its place.
 */
import { Worker } from 'node:worker_threads';
import { errorMessage } from '../errors.js';
import { type AnalyseOutcome, type AnalyseRequest, analyseFile } from './analyse.js';

export async function analyseAll(
  requests: readonly AnalyseRequest[],
  jobs: number,
  onDone: (request: AnalyseRequest) => void = () => {},
): Promise<AnalyseOutcome[]> {
  const outcomes = new Array<AnalyseOutcome>(requests.length);
  if (jobs <= 1 || requests.length < 2) {
    requests.forEach((request, i) => {
      outcomes[i] = analyseFile(request);
      onDone(request);
    });
    return outcomes;
  }

  const workerUrl = new URL('./worker.js', import.meta.url);
  let next = 0;
  let lastCrash = 'no worker could start';
  const runWorker = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const worker = new Worker(workerUrl);
      let current = -1;
      let completed = 0;
      let crash: string | undefined;
      const feed = (): void => {
        if (next >= requests.length) {
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
        if (current < 0) return resolve();
        lastCrash = crash ?? `exit code ${code}`;
        outcomes[current] = { status: 'failed', error: `worker crashed: ${lastCrash}` };
        onDone(requests[current]!);
        // A worker that never finished a file cannot load at all: do not respawn it for every file.
        resolve(completed > 0 && next < requests.length ? runWorker() : undefined);
      });
      feed();
    });
  await Promise.all(Array.from({ length: Math.min(jobs, requests.length) }, runWorker));
  for (let i = 0; i < requests.length; i++) {
    if (!outcomes[i]) {
      outcomes[i] = { status: 'failed', error: `worker crashed: ${lastCrash}` };
      onDone(requests[i]!);
    }
  }
  return outcomes;
}
