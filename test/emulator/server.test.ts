import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import type { RunningEmulator } from '../../src/emulator/server.js';
import { CREDENTIALS, errorCode, send, startTestEmulator } from '../helpers/emulator.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

// The emulator's clock is pinned, so the window's edges do not move while a test runs.
const NOW_MS = Date.parse('2026-12-03T08:00:00Z');
const NOW = NOW_MS / 1000;

const sendNow = (...[emulator, action, params, options]: Parameters<typeof send>) =>
  send(emulator, action, params, { timestamp: NOW, ...options });

async function started(
  options: Parameters<typeof startTestEmulator>[0] = {},
): Promise<RunningEmulator> {
  emulator = await startTestEmulator({ now: () => NOW_MS, ...options });
  return emulator;
}

describe('the checks before any action', () => {
  it.each([
    ['a timestamp 301 s behind', { timestamp: NOW - 301 }, 'AuthFailure.SignatureExpire'],
    ['a timestamp 301 s ahead', { timestamp: NOW + 301 }, 'AuthFailure.SignatureExpire'],
    [
      'an unknown SecretId',
      { credentials: { ...CREDENTIALS, secretId: 'AKIDnope' } },
      'AuthFailure.SecretIdNotFound',
    ],
    [
      'a wrong SecretKey',
      { credentials: { ...CREDENTIALS, secretKey: 'nope' } },
      'AuthFailure.SignatureFailure',
    ],
    [
      'a token the id does not have',
      { credentials: { ...CREDENTIALS, token: 'x' } },
      'AuthFailure.TokenFailure',
    ],
    ['an unsupported region', { region: 'xx-nowhere' }, 'UnsupportedRegion'],
  ])('refuses %s', async (_what, options, code) => {
    expect(errorCode(await sendNow(await started(), 'CreateKey', { Alias: 'a' }, options))).toBe(
      code,
    );
  });

  it('accepts a timestamp at the edge of the 300 s window', async () => {
    const timestamp = NOW - 300;
    expect(
      errorCode(await sendNow(await started(), 'CreateKey', { Alias: 'a' }, { timestamp })),
    ).toBeUndefined();
  });

  it.each([
    [
      'a body changed after signing',
      (r: { body: string }) => (r.body = r.body.replace('"a"', '"b"')),
      'AuthFailure.SignatureFailure',
    ],
    [
      'another service in the scope',
      (r: { headers: Record<string, string> }) =>
        (r.headers['Authorization'] = r.headers['Authorization']!.replace('/kms/', '/cvm/')),
      'AuthFailure.InvalidAuthorization',
    ],
    [
      'no Authorization',
      (r: { headers: Record<string, string> }) => delete r.headers['Authorization'],
      'AuthFailure.InvalidAuthorization',
    ],
    [
      'another API version',
      (r: { headers: Record<string, string> }) => (r.headers['X-TC-Version'] = '2017-03-12'),
      'NoSuchVersion',
    ],
    // X-TC-Action is not among the headers the SDKs sign, so a changed one is simply unknown.
    [
      'an action changed after signing',
      (r: { headers: Record<string, string> }) => (r.headers['X-TC-Action'] = 'MakeCoffee'),
      'InvalidAction',
    ],
    [
      'no region',
      (r: { headers: Record<string, string> }) => delete r.headers['X-TC-Region'],
      'MissingParameter',
    ],
  ])('refuses %s', async (_what, tamper, code) => {
    const response = await sendNow(
      await started(),
      'CreateKey',
      { Alias: 'a' },
      { tamper: tamper as never },
    );
    expect(errorCode(response)).toBe(code);
    expect(emulator!.calls).toHaveLength(1);
  });

  it('names an unknown action that was signed', async () => {
    expect(errorCode(await sendNow(await started(), 'MakeCoffee', {}))).toBe('InvalidAction');
  });
});
