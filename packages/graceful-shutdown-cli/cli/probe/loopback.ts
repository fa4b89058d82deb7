/** Which URLs the probe may request: plain http on a loopback address only (the probe never reaches beyond this machine). */
import { isIP } from 'node:net';

/** Where the port learned at readiness goes in a `--request` URL: `http://127.0.0.1:{port}/slow`. */
export const PORT_PLACEHOLDER = '{port}';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** Why `template` cannot be requested, or undefined when it can. `{port}` stands for any port. */
export function requestUrlProblem(template: string): string | undefined {
  let url: URL;
  try {
    url = new URL(template.replaceAll(PORT_PLACEHOLDER, '1'));
  } catch {
    return `"${template}" is not a URL`;
  }
  if (url.protocol !== 'http:') return `"${template}": only http: URLs can be requested`;
  if (!isLoopbackHost(url.hostname))
    return `"${template}": the probe only connects to loopback addresses (localhost, 127.0.0.1, [::1]), not ${url.hostname}`;
  return undefined;
}

/** The URL with the learned port put in. */
export function fillPort(template: string, port: number | undefined): string {
  return port === undefined ? template : template.replaceAll(PORT_PLACEHOLDER, String(port));
}
