// The checks the service makes before it looks at the parameters: the TC3 signature, its
// scope, the timestamp window and the common headers. It uses the client's own signing steps,
// so the official SDK's requests passing here is what proves those steps right.
import { timingSafeEqual } from 'node:crypto';

import { API_VERSION, SERVICE } from '../kms/types.js';
import { parseAuthorization } from '../tc3/authorization.js';
import { computeSignature, scopeDate } from '../tc3/sign.js';

export interface EmulatorCredential {
  secretId: string;
  secretKey: string;
  /** When set, every request with this id must carry it as X-TC-Token. */
  token?: string | undefined;
}

export interface Refusal {
  code: string;
  message: string;
}

export interface IncomingCall {
  headers: Readonly<Record<string, string | undefined>>;
  body: Buffer;
}

export const TIMESTAMP_WINDOW_SECONDS = 300;

const refuse = (code: string, message: string): Refusal => ({ code, message });

function checkCommonHeaders(
  headers: IncomingCall['headers'],
  nowSeconds: number,
): Refusal | undefined {
  const version = headers['x-tc-version'];
  const timestamp = headers['x-tc-timestamp'];

  if (!headers['x-tc-action'])
    return refuse(
      'MissingParameter',
      'The request is missing the `Action` parameter (X-TC-Action).',
    );
  if (!version)
    return refuse(
      'MissingParameter',
      'The request is missing the `Version` parameter (X-TC-Version).',
    );
  if (version !== API_VERSION)
    return refuse('NoSuchVersion', `The API version \`${version}\` does not exist for kms.`);
  if (!timestamp || !/^\d+$/.test(timestamp)) {
    return refuse(
      'MissingParameter',
      'The request is missing a valid `Timestamp` parameter (X-TC-Timestamp).',
    );
  }
  if (Math.abs(nowSeconds - Number(timestamp)) > TIMESTAMP_WINDOW_SECONDS) {
    return refuse(
      'AuthFailure.SignatureExpire',
      `Signature expired. Timestamp ${timestamp} is more than ${TIMESTAMP_WINDOW_SECONDS} seconds from the server time ${nowSeconds}.`,
    );
  }
  return undefined;
}

/** The Host forms a signature may cover: as sent, and without the port (as the Node SDK signs). */
function hostCandidates(host: string): string[] {
  const bare = host.replace(/:\d+$/, '');
  return bare === host ? [host] : [host, bare];
}

function signatureMatches(
  call: IncomingCall,
  names: string[],
  secretKey: string,
  expected: string,
): boolean {
  const timestamp = Number(call.headers['x-tc-timestamp']);
  const host = call.headers['host'] ?? '';
  const wanted = Buffer.from(expected, 'hex');

  return hostCandidates(host).some((candidate) => {
    const signed = Object.fromEntries(
      names.map((name) => [name, name === 'host' ? candidate : (call.headers[name] ?? '')]),
    );
    const input = {
      secretId: '',
      secretKey,
      service: SERVICE,
      timestamp,
      headers: signed,
      payload: call.body,
    };
    return timingSafeEqual(Buffer.from(computeSignature(input), 'hex'), wanted);
  });
}

export function verifyCall(
  call: IncomingCall,
  credentials: readonly EmulatorCredential[],
  nowSeconds: number,
): Refusal | undefined {
  const common = checkCommonHeaders(call.headers, nowSeconds);
  if (common) return common;

  const auth = parseAuthorization(call.headers['authorization'] ?? '');
  if (!auth)
    return refuse(
      'AuthFailure.InvalidAuthorization',
      'The Authorization header is missing or not of the TC3-HMAC-SHA256 form.',
    );
  if (!auth.signedHeaders.includes('content-type') || !auth.signedHeaders.includes('host')) {
    return refuse(
      'AuthFailure.InvalidAuthorization',
      'SignedHeaders must include content-type and host.',
    );
  }
  const date = scopeDate(Number(call.headers['x-tc-timestamp']));
  if (auth.service !== SERVICE || auth.terminator !== 'tc3_request' || auth.date !== date) {
    return refuse(
      'AuthFailure.InvalidAuthorization',
      `The credential scope must be ${date}/${SERVICE}/tc3_request.`,
    );
  }
  const credential = credentials.find((c) => c.secretId === auth.secretId);
  if (!credential) return refuse('AuthFailure.SecretIdNotFound', 'The SecretId is not found.');
  if (!signatureMatches(call, auth.signedHeaders, credential.secretKey, auth.signature)) {
    return refuse(
      'AuthFailure.SignatureFailure',
      'The provided credentials could not be validated. Please check your signature is correct.',
    );
  }
  if ((call.headers['x-tc-token'] ?? undefined) !== credential.token) {
    return refuse(
      'AuthFailure.TokenFailure',
      'The token is missing, invalid or does not belong to this SecretId.',
    );
  }
  return undefined;
}
