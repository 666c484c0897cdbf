import { describe, expect, it } from 'vitest';

import { EXIT } from '../../src/errors.js';
import { ApiError } from '../../src/kms/errors.js';
import { parseResponse } from '../../src/kms/response.js';

describe('parseResponse', () => {
  it('returns the inside of Response on success', () => {
    const body = JSON.stringify({ Response: { KeyId: 'k', RequestId: 'r' } });
    expect(parseResponse(200, body)).toEqual({
      kind: 'result',
      result: { KeyId: 'k', RequestId: 'r' },
    });
  });

  it('reads an API error with its Code, Message and RequestId', () => {
    const body = JSON.stringify({
      Response: { Error: { Code: 'InternalError', Message: 'oops' }, RequestId: 'r' },
    });
    expect(parseResponse(200, body)).toEqual({
      kind: 'error',
      error: { code: 'InternalError', message: 'oops', requestId: 'r' },
    });
  });

  it.each([
    [
      502,
      '<html><body>Bad Gateway</body></html>',
      'HTTP 502 with "<html><body>Bad Gateway</body></html>"',
    ],
    [200, '<html>maintenance</html>', 'a body that is not JSON ("<html>maintenance</html>")'],
    [
      200,
      '{"Response": {"KeyId": "k", "Req',
      'a body that is not JSON ("{\\"Response\\": {\\"KeyId\\": \\"k\\", \\"Req")',
    ],
    [200, '', 'a body that is not JSON (an empty body)'],
    [200, '{"Result": 1}', 'JSON without a Response and its RequestId ("{\\"Result\\": 1}")'],
    [
      200,
      '{"Response": {"Error": {}, "RequestId": "r"}}',
      'an Error without a Code ("{\\"Response\\": {\\"Error\\": {}, \\"RequestId\\": \\"r\\"}}")',
    ],
  ])('calls HTTP %i with %j not a KMS response', (status, body, reason) => {
    expect(parseResponse(status, body)).toEqual({ kind: 'invalid', reason });
  });

  it('shortens a long body in the reason', () => {
    const parsed = parseResponse(500, 'x'.repeat(500));
    expect(parsed.kind === 'invalid' && parsed.reason.length).toBeLessThan(100);
  });
});

describe('ApiError', () => {
  it.each([
    ['AuthFailure.SignatureExpire', EXIT.auth],
    ['UnauthorizedOperation', EXIT.auth],
    ['InvalidParameterValue.AliasAlreadyExists', EXIT.aliasExists],
    ['RequestLimitExceeded', EXIT.throttled],
    ['LimitExceeded.CmkLimitExceeded', EXIT.throttled],
    ['InternalError', EXIT.service],
    ['UnsupportedRegion', EXIT.service],
  ])('gives %s exit code %i', (code, exitCode) => {
    expect(new ApiError({ code, message: 'm', requestId: 'r' }).exitCode).toBe(exitCode);
  });

  it('points an expired signature at the clock', () => {
    const error = new ApiError({
      code: 'AuthFailure.SignatureExpire',
      message: 'm',
      requestId: 'r',
    });
    expect(error.hint).toMatch(/clock/);
    expect(error.requestId).toBe('r');
  });
});
