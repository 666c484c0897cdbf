// Every place kms takes its settings and credentials from, alone and against each other.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ConfigReport } from '../../src/cli/config-command.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { CREDENTIALS, startTestEmulator } from '../helpers/emulator.js';
import { runInProcess, type Captured } from '../helpers/io.js';
import { sandbox, type Sandbox } from '../helpers/sandbox.js';

const { secretId: ID, secretKey: KEY } = CREDENTIALS;
const ENV_SOURCE = 'TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY';
const PROJECT_SECRETS = /secrets belong in your user config file/;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

function envFor(box: Sandbox, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'], HOME: box.home, ...extra };
}

let created = 0;
const uniqueAlias = () => `cfg-src-${Date.now().toString(36)}-${++created}`;

function createKey(
  box: Sandbox,
  extraArgs: string[],
  extraEnv: NodeJS.ProcessEnv = {},
  cwd = box.project,
): Promise<Captured> {
  return runInProcess(['create-key', '--alias', uniqueAlias(), '--json', ...extraArgs], {
    env: envFor(box, extraEnv),
    cwd,
  });
}

async function showConfig(
  box: Sandbox,
  extraArgs: string[] = [],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<ConfigReport> {
  const result = await runInProcess(['config', '--json', ...extraArgs], {
    env: envFor(box, extraEnv),
    cwd: box.project,
  });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as ConfigReport;
}

function expectCreated(result: Captured, stderr: string | RegExp = ''): void {
  expect(result.code, result.stderr).toBe(0);
  expect(JSON.parse(result.stdout)).toMatchObject({ KeyId: expect.any(String) });
  if (typeof stderr === 'string') expect(result.stderr).toBe(stderr);
  else expect(result.stderr).toMatch(stderr);
}

const rootOf = (box: Sandbox) => dirname(box.home);

describe('each source alone is enough to create a key', () => {
  const fileSettings = () => ({
    region: 'ap-guangzhou',
    endpoint: emulator.url,
    secretId: ID,
    secretKey: KEY,
  });

  it('the environment', async () => {
    const box = sandbox();
    const result = await createKey(box, [], {
      TENCENTCLOUD_SECRET_ID: ID,
      TENCENTCLOUD_SECRET_KEY: KEY,
      TENCENTCLOUD_REGION: 'ap-guangzhou',
      KMS_ENDPOINT: emulator.url,
    });
    expectCreated(result);
  });

  it('a project .kmsrc.json', async () => {
    const box = sandbox();
    box.write('home/project/.kmsrc.json', fileSettings());
    expectCreated(await createKey(box, []), PROJECT_SECRETS);
  });

  it('the "kms" key of the project package.json', async () => {
    const box = sandbox();
    box.write('home/project/package.json', { name: 'some-project', kms: fileSettings() });
    expectCreated(await createKey(box, []), PROJECT_SECRETS);
  });

  it('a project .kmsrc in YAML', async () => {
    const box = sandbox();
    const { region, endpoint, secretId, secretKey } = fileSettings();
    box.write(
      'home/project/.kmsrc',
      `region: ${region}\nendpoint: ${endpoint}\nsecretId: ${secretId}\nsecretKey: ${secretKey}\n`,
    );
    expectCreated(await createKey(box, []), PROJECT_SECRETS);
  });

  it('a project .config/kmsrc.yml', async () => {
    const box = sandbox();
    const { region, endpoint, secretId, secretKey } = fileSettings();
    box.write(
      'home/project/.config/kmsrc.yml',
      `region: ${region}\nendpoint: ${endpoint}\nsecretId: ${secretId}\nsecretKey: ${secretKey}\n`,
    );
    expectCreated(await createKey(box, []), PROJECT_SECRETS);
  });

  it('a project file found from a directory below the project', async () => {
    const box = sandbox();
    box.write('home/project/.kmsrc.json', fileSettings());
    const deep = join(box.project, 'deep', 'er');
    mkdirSync(deep, { recursive: true });
    expectCreated(await createKey(box, [], {}, deep), PROJECT_SECRETS);
  });

  it('the user file ~/.config/kms/config.yaml', async () => {
    const box = sandbox();
    const { region, endpoint, secretId, secretKey } = fileSettings();
    box.write(
      'home/.config/kms/config.yaml',
      `region: ${region}\nendpoint: ${endpoint}\nsecretId: ${secretId}\nsecretKey: ${secretKey}\n`,
    );
    expectCreated(await createKey(box, []));
  });

  it('the user file under XDG_CONFIG_HOME', async () => {
    const box = sandbox();
    box.write('xdg/kms/config.json', fileSettings());
    expectCreated(await createKey(box, [], { XDG_CONFIG_HOME: join(rootOf(box), 'xdg') }));
  });

  it("tccli's default.credential and default.configure", async () => {
    const box = sandbox();
    box.write('home/.tccli/default.credential', { secretId: ID, secretKey: KEY });
    box.write('home/.tccli/default.configure', {
      _sys_param: { region: 'ap-guangzhou', output: 'json' },
      kms: { endpoint: emulator.url },
    });
    expectCreated(await createKey(box, []));
  });

  it("the SDKs' ~/.tencentcloud/credentials, with the region from the environment", async () => {
    const box = sandbox();
    box.write(
      'home/.tencentcloud/credentials',
      `[default]\nsecret_id = ${ID}\nsecret_key = ${KEY}\n`,
    );
    const result = await createKey(box, ['--endpoint', emulator.url], {
      TENCENTCLOUD_REGION: 'ap-guangzhou',
    });
    expectCreated(result);
  });

  it('--config naming a file outside the project', async () => {
    const box = sandbox();
    const file = box.write('elsewhere/kms.json', fileSettings());
    expectCreated(await createKey(box, ['--config', file]));
  });

  describe('temporary credentials, with a token', () => {
    const role = { secretId: 'AKIDcvmRoleTemporary0000000000000000', secretKey: 'cvmRoleTmpKey' };
    const token = 'cvm-role-session-token-0000';
    let roleEmulator: RunningEmulator;
    let metadata: Server;
    const requests: string[] = [];

    beforeAll(async () => {
      roleEmulator = await startTestEmulator({ credentials: [{ ...role, token }] });
      metadata = createServer((request, response) => {
        requests.push(request.url ?? '');
        if (request.url === '/latest/meta-data/cam/security-credentials/') {
          response.end('kms-test-role');
        } else if (request.url === '/latest/meta-data/cam/security-credentials/kms-test-role') {
          response.setHeader('Content-Type', 'application/json');
          response.end(
            JSON.stringify({
              TmpSecretId: role.secretId,
              TmpSecretKey: role.secretKey,
              Token: token,
              ExpiredTime: Math.floor(Date.now() / 1000) + 3600,
              Code: 'Success',
            }),
          );
        } else {
          response.statusCode = 404;
          response.end();
        }
      });
      await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      await roleEmulator.close();
      await new Promise((resolve) => metadata.close(resolve));
    });

    it('--use-cvm-role with the metadata service at KMS_METADATA_URL', async () => {
      const box = sandbox();
      const { port } = metadata.address() as AddressInfo;
      const result = await createKey(box, ['--use-cvm-role', '--endpoint', roleEmulator.url], {
        TENCENTCLOUD_REGION: 'ap-guangzhou',
        KMS_METADATA_URL: `http://127.0.0.1:${port}`,
      });
      expectCreated(result);
      expect(requests).toEqual([
        '/latest/meta-data/cam/security-credentials/',
        '/latest/meta-data/cam/security-credentials/kms-test-role',
      ]);
      expect(roleEmulator.calls.at(-1)?.code).toBe('ok');
    });

    it.each(['TENCENTCLOUD_SESSION_TOKEN', 'TENCENTCLOUD_TOKEN'])(
      'the environment with %s',
      async (tokenVariable) => {
        const result = await createKey(sandbox(), ['--endpoint', roleEmulator.url], {
          TENCENTCLOUD_SECRET_ID: role.secretId,
          TENCENTCLOUD_SECRET_KEY: role.secretKey,
          [tokenVariable]: token,
          TENCENTCLOUD_REGION: 'ap-guangzhou',
        });
        expectCreated(result);
        expect(roleEmulator.calls.at(-1)?.code).toBe('ok');
      },
    );
  });
});

type Writer = (
  box: Sandbox,
  value: string,
) => { args?: string[]; env?: NodeJS.ProcessEnv; source: string };

interface Source {
  name: string;
  set: Writer;
}

function pairs(sources: Source[]): [string, Source, Source, number, number][] {
  return sources.flatMap((higher, i) =>
    sources
      .slice(i + 1)
      .map((lower, k): [string, Source, Source, number, number] => [
        `${higher.name} over ${lower.name}`,
        higher,
        lower,
        i,
        i + 1 + k,
      ]),
  );
}

async function resolveBoth(higher: Source, lower: Source, values: [string, string]) {
  const box = sandbox();
  const a = higher.set(box, values[0]);
  const b = lower.set(box, values[1]);
  const report = await showConfig(box, [...(a.args ?? []), ...(b.args ?? [])], {
    ...a.env,
    ...b.env,
  });
  return { report, expectedSource: a.source };
}

describe('which source wins', () => {
  const regionSources: Source[] = [
    {
      name: '--region',
      set: (_box, region) => ({ args: ['--region', region], source: '--region' }),
    },
    {
      name: 'TENCENTCLOUD_REGION',
      set: (_box, region) => ({
        env: { TENCENTCLOUD_REGION: region },
        source: 'TENCENTCLOUD_REGION',
      }),
    },
    {
      name: 'the project file',
      set: (box, region) => ({ source: box.write('home/project/.kmsrc.json', { region }) }),
    },
    {
      name: 'the user file',
      set: (box, region) => ({ source: box.write('home/.config/kms/config.json', { region }) }),
    },
    {
      name: "tccli's configure",
      set: (box, region) => ({
        source: box.write('home/.tccli/default.configure', { _sys_param: { region } }),
      }),
    },
  ];
  const regions = ['ap-guangzhou', 'ap-shanghai', 'ap-beijing', 'ap-chengdu', 'ap-nanjing'];

  it.each(pairs(regionSources))('region: %s', async (_name, higher, lower, i, j) => {
    const { report, expectedSource } = await resolveBoth(higher, lower, [regions[i]!, regions[j]!]);
    expect(report.settings['region']).toEqual({ value: regions[i], source: expectedSource });
  });

  const secretIdOf = (index: number) => `AKIDconfigPairTest00000000000000SRC${index}`;
  const credentialSources: Source[] = [
    {
      name: 'the environment',
      set: (_box, id) => ({
        env: { TENCENTCLOUD_SECRET_ID: id, TENCENTCLOUD_SECRET_KEY: 'env-key' },
        source: ENV_SOURCE,
      }),
    },
    {
      name: 'the project file',
      set: (box, id) => ({
        source: box.write('home/project/.kmsrc.json', { secretId: id, secretKey: 'project-key' }),
      }),
    },
    {
      name: 'the user file',
      set: (box, id) => ({
        source: box.write('home/.config/kms/config.json', { secretId: id, secretKey: 'user-key' }),
      }),
    },
    {
      name: "tccli's credential",
      set: (box, id) => ({
        source: box.write('home/.tccli/default.credential', {
          secretId: id,
          secretKey: 'tccli-key',
        }),
      }),
    },
    {
      name: "the SDKs' credentials",
      set: (box, id) => ({
        source: box.write(
          'home/.tencentcloud/credentials',
          `[default]\nsecret_id = ${id}\nsecret_key = sdk-key\n`,
        ),
      }),
    },
  ];

  it.each(pairs(credentialSources))('credentials: %s', async (_name, higher, lower, i, j) => {
    const { report, expectedSource } = await resolveBoth(higher, lower, [
      secretIdOf(i),
      secretIdOf(j),
    ]);
    expect(report.credentials).toMatchObject({
      source: expectedSource,
      secretId: `…SRC${i}`,
      secretKey: 'set',
    });
  });
});

describe('profiles', () => {
  function projectWithProfile(): { box: Sandbox; file: string } {
    const box = sandbox();
    const file = box.write('home/project/.kmsrc.json', {
      region: 'ap-guangzhou',
      profiles: { prod: { region: 'ap-shanghai' } },
    });
    return { box, file };
  }

  it('--profile picks the profile', async () => {
    const { box, file } = projectWithProfile();
    const report = await showConfig(box, ['--profile', 'prod']);
    expect(report.settings['region']).toEqual({
      value: 'ap-shanghai',
      source: `${file} (profile prod)`,
    });
    expect(report.settings['profile']).toEqual({ value: 'prod', source: '--profile' });
  });

  it('KMS_PROFILE picks the profile', async () => {
    const { box, file } = projectWithProfile();
    const report = await showConfig(box, [], { KMS_PROFILE: 'prod' });
    expect(report.settings['region']).toEqual({
      value: 'ap-shanghai',
      source: `${file} (profile prod)`,
    });
  });

  it('no profile takes the top level', async () => {
    const { box, file } = projectWithProfile();
    const report = await showConfig(box);
    expect(report.settings['region']).toEqual({ value: 'ap-guangzhou', source: file });
  });

  it('a profile defined nowhere is an error naming it', async () => {
    const { box } = projectWithProfile();
    const result = await runInProcess(['config', '--profile', 'nope'], {
      env: envFor(box),
      cwd: box.project,
    });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('profile "nope"');
  });

  const DEFAULT_ID = 'AKIDtccliDefaultProfile000000000DFLT';
  it('KMS_PROFILE naming no profile is an error beside tccli files', async () => {
    const { box } = projectWithProfile();
    box.write('home/.tccli/default.configure', { _sys_param: { region: 'ap-beijing' } });
    const result = await runInProcess(['config'], {
      env: envFor(box, { KMS_PROFILE: 'nope' }),
      cwd: box.project,
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('profile "nope"');
  });

  it('--profile naming no profile is an error beside tccli files', async () => {
    const { box } = projectWithProfile();
    box.write('home/.tccli/default.configure', { _sys_param: { region: 'ap-beijing' } });
    const result = await runInProcess(['config', '--profile', 'nope'], {
      env: envFor(box),
      cwd: box.project,
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('profile "nope"');
  });

  function tccliWork(): { box: Sandbox; file: string } {
    const box = sandbox();
    box.write('home/.tccli/default.credential', { secretId: DEFAULT_ID, secretKey: 'default' });
    const file = box.write('home/.tccli/work.credential', {
      secretId: 'AKIDtccliWorkProfile0000000000000WORK',
      secretKey: 'work-key',
    });
    return { box, file };
  }

  it('a tccli profile chosen with --profile', async () => {
    const { box, file } = tccliWork();
    const report = await showConfig(box, ['--profile', 'work']);
    expect(report.credentials).toMatchObject({ source: file, secretId: '…WORK' });
  });

  it('a tccli profile chosen with --profile, with its .configure', async () => {
    const { box, file } = tccliWork();
    box.write('home/.tccli/work.configure', { _sys_param: { region: 'ap-beijing' } });
    const report = await showConfig(box, ['--profile', 'work']);
    expect(report.credentials).toMatchObject({ source: file, secretId: '…WORK' });
    expect(report.settings['region']?.value).toBe('ap-beijing');
  });

  it('a tccli profile chosen with TCCLI_PROFILE', async () => {
    const { box, file } = tccliWork();
    const report = await showConfig(box, [], { TCCLI_PROFILE: 'work' });
    expect(report.credentials).toMatchObject({ source: file, secretId: '…WORK' });
  });
});

describe('create-key defaults from a config file', () => {
  const credentials = {
    TENCENTCLOUD_SECRET_ID: ID,
    TENCENTCLOUD_SECRET_KEY: KEY,
    TENCENTCLOUD_REGION: 'ap-guangzhou',
  };
  const withDefaults = (defaults: object) => {
    const box = sandbox();
    box.write('home/.config/kms/config.json', { defaults });
    return box;
  };

  it('defaults.usage is the KeyUsage', async () => {
    const box = withDefaults({ usage: 'ASYMMETRIC_SIGN_VERIFY_ECC' });
    const result = await createKey(box, ['--endpoint', emulator.url], credentials);
    expectCreated(result);
    expect(JSON.parse(result.stdout)).toMatchObject({ KeyUsage: 'ASYMMETRIC_SIGN_VERIFY_ECC' });
  });

  it('--usage wins over defaults.usage', async () => {
    const box = withDefaults({ usage: 'ASYMMETRIC_SIGN_VERIFY_ECC' });
    const result = await createKey(
      box,
      ['--endpoint', emulator.url, '--usage', 'ENCRYPT_DECRYPT'],
      credentials,
    );
    expectCreated(result);
    expect(JSON.parse(result.stdout)).toMatchObject({ KeyUsage: 'ENCRYPT_DECRYPT' });
  });

  it('defaults.tags are sent, with --tag over them key by key', async () => {
    const box = withDefaults({ tags: { team: 'pay', env: 'dev' } });
    const result = await createKey(
      box,
      ['--endpoint', emulator.url, '--tag', 'env=prod', '--debug'],
      credentials,
    );
    expect(result.code, result.stderr).toBe(0);
    const body = result.stderr
      .split('\n')
      .find((line) => line.startsWith('kms debug: > {'))
      ?.slice('kms debug: > '.length);
    expect(body, result.stderr).toBeDefined();
    expect(JSON.parse(body!)).toMatchObject({
      Tags: [
        { TagKey: 'team', TagValue: 'pay' },
        { TagKey: 'env', TagValue: 'prod' },
      ],
    });
  });
});

describe('credentials that are missing or half there', () => {
  async function expectRefused(
    box: Sandbox,
    extraEnv: NodeJS.ProcessEnv,
    message: string,
  ): Promise<void> {
    const before = emulator.calls.length;
    const result = await createKey(box, ['--endpoint', emulator.url], {
      TENCENTCLOUD_REGION: 'ap-guangzhou',
      ...extraEnv,
    });
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(emulator.calls.length).toBe(before);
  }

  it('a SecretId without a key in the environment', async () => {
    await expectRefused(sandbox(), { TENCENTCLOUD_SECRET_ID: ID }, 'TENCENTCLOUD_SECRET_KEY');
  });

  it('a secretId without a secretKey in the user file', async () => {
    const box = sandbox();
    const file = box.write('home/.config/kms/config.json', { secretId: ID });
    await expectRefused(box, {}, `${file}: secretKey is not set`);
  });

  it("a secretId without a secretKey in tccli's credential", async () => {
    const box = sandbox();
    const file = box.write('home/.tccli/default.credential', { secretId: ID });
    await expectRefused(box, {}, `${file}: secretKey is not set`);
  });

  it('no credentials anywhere', async () => {
    await expectRefused(sandbox(), {}, 'no credentials');
  });
});
