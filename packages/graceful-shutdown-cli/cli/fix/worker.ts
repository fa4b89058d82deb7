/** Worker thread for `fix --jobs N`: analyses the files it is sent, one message per file. */
import { parentPort } from 'node:worker_threads';
import { type AnalyseRequest, analyseFile } from './analyse.js';

parentPort?.on('message', (message: { id: number; request: AnalyseRequest }) => {
  parentPort?.postMessage({ id: message.id, outcome: analyseFile(message.request) });
});
