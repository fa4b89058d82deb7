/** An HTTP request the probe holds open across the signal: did its response arrive whole, or was it cut? */
import http from 'node:http';

export interface RequestOutcome {
  readonly url: string;
  readonly outcome: 'completed' | 'cut' | 'no response';
  readonly status?: number;
  /** Body bytes received (all of them when completed). */
  readonly bytes: number;
  /** Why it was cut: the error code (ECONNRESET) or message. */
  readonly error?: string;
  /** performance.now() when it ended. */
  readonly endedAt: number;
}

export interface HeldRequest {
  /** Resolves once the request has been written to the connection (or failed). */
  readonly sent: Promise<void>;
  readonly done: Promise<RequestOutcome>;
}

const errorText = (error: Error): string => (error as NodeJS.ErrnoException).code ?? error.message;

/** GET `url` without keep-alive; `stop` gives up on it (the outcome is then 'no response' unless it already ended). */
export function holdRequest(url: string, stop: AbortSignal): HeldRequest {
  let markSent = (): void => {};
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const done = new Promise<RequestOutcome>((resolve) => {
    let status: number | undefined;
    let bytes = 0;
    let settled = false;
    const end = (outcome: RequestOutcome['outcome'], error?: string): void => {
      if (settled) return;
      settled = true;
      markSent();
      resolve({
        url,
        outcome,
        ...(status === undefined ? {} : { status }),
        bytes,
        ...(error === undefined ? {} : { error }),
        endedAt: performance.now(),
      });
    };
    const request = http.get(url, { agent: false, signal: stop }, (response) => {
      status = response.statusCode;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('error', (error) => end(stop.aborted ? 'no response' : 'cut', errorText(error)));
      // `complete` is false when the connection closed before the body's end.
      response.on('close', () =>
        end(response.complete ? 'completed' : 'cut', response.complete ? undefined : 'ECONNRESET'),
      );
    });
    request.on('finish', markSent);
    request.on('error', (error) => end(stop.aborted ? 'no response' : 'cut', errorText(error)));
  });
  return { sent, done };
}
