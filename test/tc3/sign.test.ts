import { describe, expect, it } from 'vitest';

import {
  authorizationHeader,
  canonicalHeaders,
  canonicalRequest,
  computeSignature,
  credentialScope,
  scopeDate,
  sha256Hex,
  signedHeaderNames,
  stringToSign,
} from '../../src/tc3/sign.js';
import { parseAuthorization } from '../../src/tc3/authorization.js';

// The published CVM example (../shared/reference/tencent-kms.md): the body is these exact
// 86 bytes, with the \u escapes as literal six-character sequences.
const BODY =
  '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
const TIMESTAMP = 1551113065;
const CONTENT_TYPE = 'application/json; charset=utf-8';
const HOST = 'cvm.tencentcloudapi.com';
const MASKED = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******',
  secretKey: 'Gu5t9xGARNpq86cd98joQYCN3*******',
};
const EXAMPLE = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
  secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
};

function vector(credentials: typeof MASKED, withAction: boolean) {
  const headers: Record<string, string> = { 'Content-Type': CONTENT_TYPE, Host: HOST };
  if (withAction) headers['X-TC-Action'] = 'DescribeInstances';
  return { ...credentials, service: 'cvm', timestamp: TIMESTAMP, headers, payload: BODY };
}

describe('the published test vectors', () => {
  it('hashes the 86-byte body as published', () => {
    expect(Buffer.byteLength(BODY)).toBe(86);
    expect(sha256Hex(BODY)).toBe(
      '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
    );
  });

  it.each([
    [MASKED, true, 'be4f67d323c78ab9acb7395e43c0dbcf822a9cfac32fea2449a7bc7726b770a3'],
    [MASKED, false, '2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c'],
    [EXAMPLE, false, '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168'],
  ])('signs %o (x-tc-action signed: %s) as %s', (credentials, withAction, signature) => {
    expect(computeSignature(vector(credentials, withAction))).toBe(signature);
  });

  it('writes the Authorization header in the documented form', () => {
    expect(authorizationHeader(vector(EXAMPLE, false))).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, ' +
        'SignedHeaders=content-type;host, ' +
        'Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });
});

describe('the steps', () => {
  it('lower-cases and sorts the canonical headers, values included', () => {
    const headers = {
      'X-TC-Action': 'DescribeInstances',
      Host: HOST,
      'Content-Type': CONTENT_TYPE,
    };
    expect(canonicalHeaders(headers)).toBe(
      `content-type:${CONTENT_TYPE}\nhost:${HOST}\nx-tc-action:describeinstances\n`,
    );
    expect(signedHeaderNames(headers)).toBe('content-type;host;x-tc-action');
  });

  it('builds the canonical request line by line', () => {
    expect(canonicalRequest(vector(EXAMPLE, false)).split('\n')).toEqual([
      'POST',
      '/',
      '',
      `content-type:${CONTENT_TYPE}`,
      `host:${HOST}`,
      '',
      'content-type;host',
      '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
    ]);
  });

  it('dates the scope in UTC, not local time, either side of midnight', () => {
    // 2024-01-01 23:59:59 UTC is already 2 January in UTC+8, where most KMS users sign.
    expect(scopeDate(1704153599)).toBe('2024-01-01');
    expect(scopeDate(1704153600)).toBe('2024-01-02');
    expect(credentialScope('2024-01-02', 'kms')).toBe('2024-01-02/kms/tc3_request');
  });

  it('puts algorithm, timestamp, scope and the request hash in the string to sign', () => {
    const lines = stringToSign(TIMESTAMP, '2019-02-25/cvm/tc3_request', 'x').split('\n');
    expect(lines).toEqual([
      'TC3-HMAC-SHA256',
      '1551113065',
      '2019-02-25/cvm/tc3_request',
      sha256Hex('x'),
    ]);
  });

  it('parses its own Authorization header back', () => {
    const parsed = parseAuthorization(authorizationHeader(vector(EXAMPLE, true)));
    expect(parsed).toEqual({
      secretId: EXAMPLE.secretId,
      date: '2019-02-25',
      service: 'cvm',
      terminator: 'tc3_request',
      signedHeaders: ['content-type', 'host', 'x-tc-action'],
      signature: computeSignature(vector(EXAMPLE, true)),
    });
  });

  it('refuses an Authorization header of another form', () => {
    expect(parseAuthorization('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(
      parseAuthorization('TC3-HMAC-SHA256 Credential=a/b/c/d, SignedHeaders=host, Signature=zz'),
    ).toBeUndefined();
  });
});
