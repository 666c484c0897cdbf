import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { EMULATOR_SECRET_ID, EMULATOR_SECRET_KEY } from '../../src/emulator/defaults.js';

/**
 * An empty home and working directory, so that no test reads the developer's own ~/.tccli,
 * ~/.config/kms or a .kmsrc above the checkout.
 */
export const EMPTY_HOME = mkdtempSync(join(tmpdir(), 'kms-home-'));

/** The environment a test's kms runs with: the emulator's published credentials, nothing inherited. */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOME: EMPTY_HOME,
    TENCENTCLOUD_SECRET_ID: EMULATOR_SECRET_ID,
    TENCENTCLOUD_SECRET_KEY: EMULATOR_SECRET_KEY,
    TENCENTCLOUD_REGION: 'ap-guangzhou',
    ...extra,
  };
}
