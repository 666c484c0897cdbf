// The published package: `npm pack`, then a global install into an empty prefix, then `kms`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the npm package', () => {
  it('installs globally from its tarball, with no dependencies, and runs', () => {
    const work = mkdtempSync(join(tmpdir(), 'kms-pack-'));
    // dist/ was built by `npm test`; --ignore-scripts skips building it again.
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
        cwd: ROOT,
      }).toString(),
    ) as [{ filename: string; files: { path: string }[] }];
    const files = packed[0].files.map((file) => file.path);
    expect(
      files.every((path) =>
        /^(bin\/|dist\/|schemas\/|package\.json$|README\.md$|LICENSE$)/.test(path),
      ),
    ).toBe(true);

    const prefix = join(work, 'global');
    execFileSync('npm', [
      'install',
      '-g',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--prefix',
      prefix,
      join(work, packed[0].filename),
    ]);
    expect(readdirSync(join(prefix, 'lib', 'node_modules'))).toEqual(['kms']);
    expect(files).toContain('schemas/create-key.schema.json');

    const version = execFileSync(join(prefix, 'bin', 'kms'), ['--version'], {
      env: { PATH: process.env['PATH'] },
    });
    expect(version.toString()).toMatch(/^\d+\.\d+\.\d+\n$/);
  }, 60_000);
});
