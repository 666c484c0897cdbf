// --dry-run: the exact request kms would send, signed, with the signature and token withheld.
import type { SignedRequest } from '../http/request.js';
import type { OutputFormat } from '../output/render.js';

const WITHHELD = new Set(['authorization', 'x-tc-token']);
const REDACTED = '[redacted]';

function shownHeaders(request: SignedRequest): Record<string, string> {
  return Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [
      name,
      WITHHELD.has(name.toLowerCase()) ? REDACTED : value,
    ]),
  );
}

export function renderDryRun(request: SignedRequest, format: OutputFormat): string {
  const headers = shownHeaders(request);
  if (format === 'json') {
    const document = {
      method: 'POST',
      url: request.url.href,
      headers,
      body: JSON.parse(request.body) as unknown,
    };
    return `${JSON.stringify(document, null, 2)}\n`;
  }
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `POST ${request.url.href}\n${lines.join('\n')}\n\n${request.body}\n`;
}
