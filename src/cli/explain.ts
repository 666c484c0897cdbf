// Hints that need to know where the settings came from, added to the service's errors.
import type { Settings } from '../config/settings.js';
import { KmsError } from '../errors.js';

/** The last four characters of a SecretId: enough to tell ids apart, never the whole. */
export function lastFour(secretId: string | undefined): string {
  if (secretId === undefined) return '(fetched when used)';
  return secretId.length > 4 ? `…${secretId.slice(-4)}` : '(too short to show)';
}

const EXPLAIN: Readonly<Record<string, (settings: Settings) => string>> = {
  'AuthFailure.SecretIdNotFound': ({ credentials }) =>
    `the SecretId ending ${lastFour(credentials.secretId)}, from ${credentials.source}, is not known to the service: check it there`,
  'AuthFailure.SignatureFailure': ({ credentials }) =>
    `the signature did not match: check that the secret key belongs to the SecretId ending ${lastFour(credentials.secretId)} (from ${credentials.source})`,
  UnsupportedRegion: ({ region }) =>
    `KMS is not offered in the region "${region}": pass another --region, such as ap-guangzhou`,
};

/** The same error with a hint that names the source to fix, where one helps. */
export function explainFailure(error: KmsError, settings: Settings): KmsError {
  const explain = EXPLAIN[error.code];
  if (!explain) return error;
  return Object.assign(error, { hint: explain(settings) });
}
