// What the peers do not offer: convergent create, dry run, request files, batches, language.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { testEnv } from '../helpers/credentials.js';
import { runKms, spawnEmulator, type SpawnedEmulator } from '../helpers/spawn.js';

let emulator: SpawnedEmulator;
beforeAll(async () => {
  emulator = await spawnEmulator();
});
afterAll(() => emulator.stop());
beforeEach(async () => {
  await fetch(`${emulator.url}/_emulator/calls`, { method: 'DELETE' });
});

const dir = mkdtempSync(join(tmpdir(), 'kms-beyond-'));
let aliases = 0;
const fresh = () => `by-${process.pid}-${(aliases += 1)}`;
const kms = (args: string[], input?: string, env = testEnv()) =>
  runKms(['create-key', '--endpoint', emulator.url, ...args], env, input);
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const seen = async () => (await emulator.calls()).map((call) => `${call.action} -> ${call.code}`);
const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('--if-not-exists', () => {
  it('creates the key when the alias is free: "Created": true', async () => {
    const alias = fresh();
    const result = await kms(['--alias', alias, '--if-not-exists', '--json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ Alias: alias, Created: true });
    expect(await seen()).toEqual(['ListKeyDetail -> ok', 'CreateKey -> ok']);
  });

  it('prints the existing key when it matches: "Created": false, exit 0, no CreateKey', async () => {
    const alias = fresh();
    const first = JSON.parse(
      (await kms(['--alias', alias, '--usage', 'ASYMMETRIC_SIGN_VERIFY_ECC'])).stdout,
    );
    await fetch(`${emulator.url}/_emulator/calls`, { method: 'DELETE' });
    const again = await kms([
      '--alias',
      alias,
      '--usage',
      'asymmetric_sign_verify_ecc',
      '--if-not-exists',
      '--json',
    ]);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(again.stdout)).toMatchObject({ KeyId: first.KeyId, Created: false });
    expect(await seen()).toEqual(['ListKeyDetail -> ok']);
  });

  it('exits 5 listing the differences when the key differs', async () => {
    const alias = fresh();
    await kms(['--alias', alias]);
    const result = await kms([
      '--alias',
      alias,
      '--if-not-exists',
      '--usage',
      'ASYMMETRIC_DECRYPT_SM2',
      '--type',
      'external',
    ]);
    expect(result).toMatchObject({ code: 5, stdout: '' });
    expect(result.stderr).toContain(
      `a key with alias "${alias}" exists but differs from the request: KeyUsage is "ENCRYPT_DECRYPT", not "ASYMMETRIC_DECRYPT_SM2"; Type is 1, not 2`,
    );
  });
});

describe('--dry-run', () => {
  it('prints the signed request, redacted, and sends nothing', async () => {
    const env = testEnv({ TENCENTCLOUD_SESSION_TOKEN: 'dry-run-token-canary' });
    const result = await kms(
      ['--alias', 'dry', '--tag', 'env=dev', '--dry-run', '--output', 'table'],
      undefined,
      env,
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+\/\nContent-Type: application\/json\nHost: 127\.0\.0\.1:\d+\nX-TC-Action: CreateKey\n/,
    );
    expect(result.stdout).toContain(
      '\nAuthorization: [redacted]\nX-TC-Token: [redacted]\n\n{"Alias":"dry","KeyUsage":"ENCRYPT_DECRYPT","Type":1,"Tags":[{"TagKey":"env","TagValue":"dev"}]}\n',
    );
    expect(result.stdout).not.toMatch(/dry-run-token-canary|Signature=|kmsEmulatorTestKey/);
    expect(await seen()).toEqual([]);
  });

  it('prints JSON with --json, and refuses invalid input with exit 2', async () => {
    const json = JSON.parse((await kms(['--alias', 'dry', '--dry-run', '--json'])).stdout);
    expect(json).toMatchObject({
      method: 'POST',
      headers: { Authorization: '[redacted]' },
      body: { Alias: 'dry' },
    });
    expect((await kms(['--alias', 'kms-dry', '--dry-run'])).code).toBe(2);
    expect(await seen()).toEqual([]);
  });
});

describe('--input and --skeleton', () => {
  it('prints a template that --input accepts once filled in', async () => {
    const skeleton = JSON.parse((await runKms(['create-key', '--skeleton'], testEnv())).stdout);
    expect(skeleton).toEqual({
      Alias: '',
      Description: '',
      KeyUsage: 'ENCRYPT_DECRYPT',
      Type: 1,
      Tags: [{ TagKey: '', TagValue: '' }],
      HsmClusterId: '',
    });
    const alias = fresh();
    const filled = {
      ...skeleton,
      Alias: alias,
      Description: '从文件',
      Tags: [{ TagKey: 'env', TagValue: 'dev' }],
      HsmClusterId: 'cls-hsm-emulator',
    };
    const result = await kms(['--input', file(`${alias}.json`, JSON.stringify(filled)), '--json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({
      Alias: alias,
      Description: '从文件',
      HsmClusterId: 'cls-hsm-emulator',
    });
  });

  it('reads stdin with --input -, flags winning over the file', async () => {
    const alias = fresh();
    const input = JSON.stringify({
      Alias: 'from-file',
      KeyUsage: 'ENCRYPT_DECRYPT',
      Description: 'file',
    });
    const result = await kms(
      ['--input', '-', '--alias', alias, '--usage', 'ASYMMETRIC_SIGN_VERIFY_SM2', '--json'],
      input,
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({
      Alias: alias,
      KeyUsage: 'ASYMMETRIC_SIGN_VERIFY_SM2',
      Description: 'file',
    });
  });

  it('names the file and the field for each problem, and sends nothing', async () => {
    const path = file(
      'bad.json',
      JSON.stringify({ Alias: 'kms-x', KeyUsage: 'NOPE', Colour: 'blue', Type: 3 }),
    );
    const result = await kms(['--input', path]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain(`--input ${path}: unknown field "Colour"`);
    expect(result.stderr).toContain(`--input ${path}: "Type" must be 1 or 2, not 3`);
    expect(result.stderr).toContain(`--input ${path}: Alias "kms-x": must not start with "kms-"`);
    expect(result.stderr).toContain(`--input ${path}: KeyUsage "NOPE": must be one of`);
    expect(await seen()).toEqual([]);
  });
});

describe('--batch', () => {
  it('answers every line in input order, one bad line not stopping the others', async () => {
    const a = fresh();
    const b = fresh();
    const input = [
      `{"Alias":"${a}"}`,
      'not json',
      '',
      `{"Alias":"kms-bad"}`,
      `{"Alias":"${b}","Type":2}`,
    ].join('\n');
    const result = await kms(['--batch', '-'], input);
    expect(result.code).toBe(2);
    const out = lines(result.stdout);
    expect(out.map((line) => line['Line'] ?? (line['error'] as { line: number }).line)).toEqual([
      1, 2, 4, 5,
    ]);
    expect(out[0]).toMatchObject({ Alias: a, KeyState: 'Enabled' });
    expect(out[1]).toMatchObject({
      error: {
        code: 'InvalidInput',
        exitCode: 2,
        message: expect.stringContaining('--batch line 2: not JSON'),
      },
    });
    expect(out[2]).toMatchObject({ error: { alias: 'kms-bad', exitCode: 2 } });
    expect(out[3]).toMatchObject({ Alias: b, KeyState: 'PendingImport' });
    expect(result.stderr).toBe(
      'kms: batch: 4/4 lines: 2 created, 2 failed in ' + result.stderr.split(' failed in ')[1],
    );
    expect((await seen()).filter((call) => call.startsWith('CreateKey'))).toHaveLength(2);
  });

  it('exits with the most severe code met, and a service error is a result line', async () => {
    const taken = fresh();
    await kms(['--alias', taken]);
    const result = await kms(
      ['--batch', '-', '--json'],
      `{"Alias":"${taken}"}\n{"Alias":"${fresh()}"}\n{"Alias":"x y"}`,
    );
    expect(result.code).toBe(5);
    const out = lines(result.stdout);
    expect(out[0]).toMatchObject({
      error: { code: 'InvalidParameterValue.AliasAlreadyExists', line: 1, alias: taken },
    });
    expect(out[1]).toMatchObject({ Line: 2 });
  });

  it('applies flags to every line, and throttles are retried', async () => {
    await emulator.fault('throttle', 2);
    const input = [fresh(), fresh(), fresh()].map((alias) => `{"Alias":"${alias}"}`).join('\n');
    const result = await kms(
      ['--batch', '-', '--usage', 'ASYMMETRIC_SIGN_VERIFY_SM2', '--tag', 'batch=yes'],
      input,
    );
    expect(result.code).toBe(0);
    expect(lines(result.stdout).map((line) => line['KeyUsage'])).toEqual(
      Array(3).fill('ASYMMETRIC_SIGN_VERIFY_SM2'),
    );
    expect((await seen()).filter((call) => call.includes('RequestLimitExceeded'))).toHaveLength(2);
  });

  it('completes a half-finished batch with --if-not-exists, without duplicates', async () => {
    const names = Array.from({ length: 6 }, fresh);
    const all = names.map((alias) => `{"Alias":"${alias}"}`).join('\n');
    await kms(
      ['--batch', '-'],
      names
        .slice(0, 3)
        .map((alias) => `{"Alias":"${alias}"}`)
        .join('\n'),
    );
    const result = await kms(['--batch', '-', '--if-not-exists'], all);
    expect(result.code).toBe(0);
    expect(lines(result.stdout).map((line) => line['Created'])).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
    expect(result.stderr).toMatch(/6\/6 lines: 3 created, 3 already existed, 0 failed/);
    const created = (await emulator.calls()).filter(
      (call) => call.action === 'CreateKey' && call.code === 'ok',
    );
    expect(created.map((call) => call.alias).sort()).toEqual([...names].sort());
  });

  it('an interrupted batch exits 130, and --if-not-exists then completes it without duplicates', async () => {
    const names = Array.from({ length: 12 }, fresh);
    const input = names.map((alias) => `{"Alias":"${alias}"}`).join('\n');
    const args = ['create-key', '--batch', '-', '--rate', '4', '--endpoint', emulator.url];
    const stopped = await runKms(args, testEnv(), input, (child) => {
      setTimeout(() => child.kill('SIGINT'), 800);
    });
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(
      /kms: error: interrupted (between requests|while CreateKey was in flight)/,
    );
    const rerun = await kms(['--batch', '-', '--if-not-exists'], input);
    expect(rerun.code).toBe(0);
    const made = (await emulator.calls()).filter(
      (call) => call.action === 'CreateKey' && call.code === 'ok',
    );
    expect(made.map((call) => call.alias).sort()).toEqual([...names].sort());
  });

  it('holds to --rate, and refuses --rate without --batch or out of range', async () => {
    const input = Array.from({ length: 6 }, () => `{"Alias":"${fresh()}"}`).join('\n');
    const started = Date.now();
    expect((await kms(['--batch', '-', '--rate', '2'], input)).code).toBe(0);
    expect(Date.now() - started).toBeGreaterThan(2_000);
    expect((await kms(['--alias', fresh(), '--rate', '5'])).code).toBe(2);
    expect((await kms(['--batch', '-', '--rate', '101'], input)).stderr).toContain(
      '--rate "101": must be a whole number',
    );
  });
});

describe('--language', () => {
  it('sends X-TC-Language, so the service answers in Chinese', async () => {
    const alias = fresh();
    await kms(['--alias', alias]);
    const result = await kms(['--alias', alias, '--language', 'zh-CN']);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('InvalidParameterValue.AliasAlreadyExists: 该别名已被使用。');
    expect((await emulator.calls()).at(-1)).toMatchObject({ language: 'zh-CN' });
    expect((await kms(['--alias', alias, '--language', 'fr-FR'])).code).toBe(2);
  });
});

describe('kms completion', () => {
  it.each(['bash', 'zsh', 'fish'])('prints a %s script', async (shell) => {
    const result = await runKms(['completion', shell], testEnv());
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('if-not-exists');
    expect(result.stdout).toContain('ASYMMETRIC_SIGN_VERIFY_ECDSA384');
  });

  it('refuses a shell it does not know, with exit 2', async () => {
    const result = await runKms(['completion', 'tcsh'], testEnv());
    expect(result).toMatchObject({ code: 2, stdout: '' });
  });
});
