// --dry-run: the exact requests kms would send, signed, with the signature and tokens withheld
// (an import's token and wrapped material are placeholders: they exist only once CreateKey ran).
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

function document(request: SignedRequest) {
  return {
    method: 'POST',
    url: request.url.href,
    headers: shownHeaders(request),
    body: JSON.parse(request.body) as unknown,
  };
}

function text(request: SignedRequest): string {
  const lines = Object.entries(shownHeaders(request)).map(([name, value]) => `${name}: ${value}`);
  return `POST ${request.url.href}\n${lines.join('\n')}\n\n${request.body}\n`;
}

/** One request as a document (JSON) or as HTTP; several (an import follows) as a list of them. */
export function renderDryRun(requests: SignedRequest[], format: OutputFormat): string {
  if (format === 'json') {
    const documents = requests.map(document);
    return `${JSON.stringify(documents.length === 1 ? documents[0] : documents, null, 2)}\n`;
  }
  if (requests.length === 1) return text(requests[0]!);
  return requests
    .map((request, index) => `# ${index + 1} of ${requests.length}\n${text(request)}`)
    .join('\n');
}
