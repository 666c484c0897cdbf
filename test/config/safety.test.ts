// Config files that are wrong, broken, readable by others, shared through a repository, or
// written in JavaScript: kms says so, sends nothing it should not, and runs no code.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RunningEmulator } from '../../src/emulator/server.js';
import { CREDENTIALS, startTestEmulator } from '../helpers/emulator.js';
import { runInProcess, type Captured } from '../helpers/io.js';
import { sandbox, type Sandbox } from '../helpers/sandbox.js';
import { runKms } from '../helpers/spawn.js';

const { secretId: ID, secretKey: KEY } = CREDENTIALS;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

function envFor(box: Sandbox, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'], HOME: box.home, ...extra };
}

const withCredentials = (box: Sandbox, extra: NodeJS.ProcessEnv = {}) =>
  envFor(box, {
    TENCENTCLOUD_SECRET_ID: ID,
    TENCENTCLOUD_SECRET_KEY: KEY,
    TENCENTCLOUD_REGION: 'ap-guangzhou',
    ...extra,
  });

let created = 0;
const uniqueAlias = () => `cfg-safe-${Date.now().toString(36)}-${++created}`;

function createKey(box: Sandbox, env = withCredentials(box)): Promise<Captured> {
  return runInProcess(
    ['create-key', '--alias', uniqueAlias(), '--endpoint', emulator.url, '--json'],
    { env, cwd: box.project },
  );
}

function showConfig(box: Sandbox, env = envFor(box), args: string[] = []): Promise<Captured> {
  return runInProcess(['config', ...args], { env, cwd: box.project });
}

async function expectNothingSent(run: () => Promise<Captured>): Promise<Captured> {
  const before = emulator.calls.length;
  const result = await run();
  expect(emulator.calls.length).toBe(before);
  return result;
}

describe('keys kms does not know', () => {
  it('are a warning naming the file and the nearest known key', async () => {
    const box = sandbox();
    const file = box.write('home/project/.kmsrc.json', { regoin: 'ap-shanghai' });
    const result = await createKey(box);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(file);
    expect(result.stderr).toContain('unknown key "regoin" (did you mean "region"?)');
  });
});

describe('values of the wrong type', () => {
  it.each([
    ['timeout', { timeout: '5' }],
    ['output', { output: 'xml' }],
    ['profiles.prod.region', { profiles: { prod: { region: 7 } } }],
  ])('"%s" is an error naming file and key; nothing is sent', async (key, content) => {
    const box = sandbox();
    const file = box.write('home/project/.kmsrc.json', content);
    const result = await expectNothingSent(() => createKey(box));
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(file);
    expect(result.stderr).toContain(`"${key}"`);
  });
});

describe('files that do not parse', () => {
  async function expectRefusedWithLine(name: string, content: string): Promise<void> {
    const box = sandbox();
    const file = box.write(`home/project/${name}`, content);
    const result = await expectNothingSent(() => createKey(box));
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(file);
    expect(result.stderr).toMatch(/line \d+/);
  }

  it.each([
    ['.kmsrc.json', 'a missing comma', '{\n  "region": "ap-guangzhou"\n  "timeout": 5\n}\n'],
    ['.kmsrc.json', 'a file cut short', '{\n  "region": "ap-guangzhou",\n'],
    ['.kmsrc.yaml', 'an unclosed list', 'region: ap-guangzhou\ntimeout: [5\noutput: json\n'],
  ])('%s with %s names the file and the line; nothing is sent', async (name, _what, content) => {
    await expectRefusedWithLine(name, content);
  });

  // Node 20's "Unexpected token" JSON errors carry no position, so parse-json adds no line.
  it.fails('.kmsrc.json with a stray comma names the line', async () => {
    await expectRefusedWithLine(
      '.kmsrc.json',
      '{\n  "region": "ap-guangzhou",\n  "timeout": ,\n}\n',
    );
  });
});

describe('secrets other users can read', () => {
  const files: [string, string, string | object][] = [
    ['the user file', 'home/.config/kms/config.json', { secretId: ID, secretKey: KEY }],
    ["tccli's credential", 'home/.tccli/default.credential', { secretId: ID, secretKey: KEY }],
    [
      "the SDKs' credentials",
      'home/.tencentcloud/credentials',
      `[default]\nsecret_id = ${ID}\nsecret_key = ${KEY}\n`,
    ],
  ];

  it.each(files)('%s at mode 644 draws chmod 600', async (_name, path, content) => {
    const box = sandbox();
    const file = box.write(path, content, 0o644);
    const result = await showConfig(box);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`chmod 600 ${file}`);
  });

  it.each(files)('%s at mode 600 draws no warning', async (_name, path, content) => {
    const box = sandbox();
    box.write(path, content, 0o600);
    const result = await showConfig(box);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
  });

  it.each(files.slice(1))(
    '%s at mode 644 is not checked when not used',
    async (_n, path, content) => {
      const box = sandbox();
      box.write(path, content, 0o644);
      const result = await showConfig(box, withCredentials(box));
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toBe('');
    },
  );
});

describe("a project's shared files", () => {
  it('holding a secret draw a warning', async () => {
    const box = sandbox();
    const file = box.write('home/project/.kmsrc.json', { secretId: ID, secretKey: KEY });
    const result = await showConfig(box);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`${file} holds credentials`);
    expect(result.stderr).toMatch(/secrets belong in your user config file/);
  });

  it('sending requests to a foreign host draw a warning', async () => {
    const box = sandbox();
    box.write('home/project/.kmsrc.json', { endpoint: 'https://kms.example.com' });
    const result = await showConfig(box);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('kms.example.com');
    expect(result.stderr).toMatch(/warning/);
  });

  it('pointing at a tencentcloudapi.com host draw none', async () => {
    const box = sandbox();
    box.write('home/project/.kmsrc.json', { endpoint: 'kms.ap-shanghai.tencentcloudapi.com' });
    const result = await showConfig(box);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
  });
});

describe('no JavaScript config is ever executed', () => {
  function plantCode(box: Sandbox): string[] {
    const markers: string[] = [];
    const plant = (path: string, esm = false) => {
      const marker = join(box.project, `ran-${path.replace(/[/.]/g, '_')}`);
      markers.push(marker);
      const code = esm
        ? `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport default {};\n`
        : `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\nmodule.exports = {};\n`;
      box.write(`home/project/${path}`, code, 0o644);
    };
    plant('.kmsrc.js');
    plant('.kmsrc.cjs');
    plant('.kmsrc.mjs', true);
    plant('kms.config.js');
    plant('.config/kmsrc.js');
    plant('.kmsrc.ts');
    return markers;
  }

  function expectNotRan(markers: string[], result: { code: number | null; stderr: string }) {
    const ran = markers.filter((marker) => existsSync(marker));
    expect(ran, `exit ${result.code}: ${result.stderr}`).toEqual([]);
  }

  const spawnEnv = (box: Sandbox) => withCredentials(box);
  const scenarios: [string, (box: Sandbox) => void][] = [
    ['code files and a cosmiconfig meta config naming them', () => {}],
    [
      'the same beside a real .kmsrc.json',
      (box) => box.write('home/project/.kmsrc.json', { region: 'ap-guangzhou' }),
    ],
  ];

  describe.each(scenarios)('%s', (_name, extra) => {
    function project(): { box: Sandbox; markers: string[] } {
      const box = sandbox();
      const markers = plantCode(box);
      box.write('home/project/package.json', {
        name: 'p',
        cosmiconfig: { searchPlaces: ['.kmsrc.js'] },
      });
      box.write('home/project/.config/config.json', {
        cosmiconfig: { searchPlaces: ['.kmsrc.cjs'] },
      });
      extra(box);
      return { box, markers };
    }

    it('kms config', async () => {
      const { box, markers } = project();
      const result = await runKms(['config'], spawnEnv(box), undefined, undefined, box.project);
      expectNotRan(markers, result);
    });

    it('kms create-key', async () => {
      const { box, markers } = project();
      const args = ['create-key', '--alias', uniqueAlias(), '--endpoint', emulator.url, '--json'];
      const result = await runKms(args, spawnEnv(box), undefined, undefined, box.project);
      expectNotRan(markers, result);
    });
  });

  it('a meta config in .config/config.json alone does not bring code in', async () => {
    const box = sandbox();
    const markers = plantCode(box);
    box.write('home/project/.config/config.json', {
      cosmiconfig: { searchPlaces: ['.kmsrc.cjs'] },
    });
    box.write('home/project/.kmsrc.json', { region: 'ap-guangzhou' });
    const result = await runKms(['config'], spawnEnv(box), undefined, undefined, box.project);
    expectNotRan(markers, result);
  });

  function plantMetaConfig(box: Sandbox): string {
    const marker = join(box.project, 'ran-meta-config');
    box.write(
      'home/project/.config/config.cjs',
      `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\nmodule.exports = {};\n`,
      0o644,
    );
    return marker;
  }

  it('a .config/config.cjs beside a .kmsrc.json is not run', async () => {
    const box = sandbox();
    const marker = plantMetaConfig(box);
    box.write('home/project/.kmsrc.json', { region: 'ap-guangzhou' });
    const result = await runKms(['config'], spawnEnv(box), undefined, undefined, box.project);
    expectNotRan([marker], result);
  });

  it('a .config/config.cjs is not run when only the user file exists', async () => {
    const box = sandbox();
    const marker = plantMetaConfig(box);
    box.write('home/.config/kms/config.json', { region: 'ap-guangzhou' });
    const result = await runKms(['config'], spawnEnv(box), undefined, undefined, box.project);
    expectNotRan([marker], result);
  });

  it('--config naming a .js file is refused; nothing runs', async () => {
    const box = sandbox();
    const markers = plantCode(box);
    const result = await runKms(
      ['config', '--config', join(box.project, '.kmsrc.js')],
      spawnEnv(box),
      undefined,
      undefined,
      box.project,
    );
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toContain('JSON and YAML config files only');
    expectNotRan(markers, result);
  });
});

describe('kms config never shows a secret', () => {
  const canary = {
    secretId: 'AKIDconfigCanaryShown0000000000000ABCD',
    secretKey: 'CANARYconfigSecretKey0123456789',
    token: 'CANARYconfigSessionToken0123456789',
  };

  const sources: [string, (box: Sandbox) => NodeJS.ProcessEnv][] = [
    [
      'the environment',
      (box) =>
        envFor(box, {
          TENCENTCLOUD_SECRET_ID: canary.secretId,
          TENCENTCLOUD_SECRET_KEY: canary.secretKey,
          TENCENTCLOUD_SESSION_TOKEN: canary.token,
        }),
    ],
    [
      'the user file',
      (box) => {
        box.write('home/.config/kms/config.yaml', canary);
        return envFor(box);
      },
    ],
  ];

  describe.each(sources)('credentials from %s', (_name, setUp) => {
    it.each([[[]], [['--json']], [['--output', 'table']]])('kms config %j', async (args) => {
      const box = sandbox();
      const result = await showConfig(box, setUp(box), args);
      expect(result.code, result.stderr).toBe(0);
      const output = result.stdout + result.stderr;
      expect(output).not.toContain(canary.secretKey);
      expect(output).not.toContain(canary.token);
      expect(output).not.toContain(canary.secretId);
      expect(output).toContain('…ABCD');
      expect(output).toContain('set');
      if (args.includes('--json')) {
        expect(JSON.parse(result.stdout)).toMatchObject({
          credentials: { secretId: '…ABCD', secretKey: 'set', token: 'set' },
        });
      }
    });
  });
});
