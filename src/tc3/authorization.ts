export interface ParsedAuthorization {
  secretId: string;
  date: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

// Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=<a;b>, Signature=<64 hex>
const AUTHORIZATION =
  /^TC3-HMAC-SHA256 Credential=([^/,\s]+)\/([^/,\s]+)\/([^/,\s]+)\/([^/,\s]+), SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/** Splits an Authorization header into its parts, or returns undefined when it is not TC3's form. */
export function parseAuthorization(header: string): ParsedAuthorization | undefined {
  const match = AUTHORIZATION.exec(header);
  if (!match) return undefined;

  const [secretId, date, service, terminator, names, signature] = match.slice(1) as string[];
  return {
    secretId: secretId!,
    date: date!,
    service: service!,
    terminator: terminator!,
    signedHeaders: names!.split(';'),
    signature: signature!,
  };
}
