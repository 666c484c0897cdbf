// .kmsrc.example documents the format: it must parse, and hold no key kms does not know.
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { loadNamedConfig } from '../../src/config/files.js';

const EXAMPLE = fileURLToPath(new URL('../../.kmsrc.example', import.meta.url));

describe('.kmsrc.example', () => {
  it('is a valid config file with only known keys', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'kms-example-')), '.kmsrc.yaml');
    copyFileSync(EXAMPLE, copy);
    const loaded = await loadNamedConfig(copy);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.config).toMatchObject({
      region: 'ap-guangzhou',
      profiles: { prod: { region: 'ap-shanghai' } },
    });
  });
});
