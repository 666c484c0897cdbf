import { EMULATOR_SECRET_ID, EMULATOR_SECRET_KEY } from '../../src/emulator/defaults.js';

/** The environment a test's kms runs with: the emulator's published credentials, nothing inherited. */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    TENCENTCLOUD_SECRET_ID: EMULATOR_SECRET_ID,
    TENCENTCLOUD_SECRET_KEY: EMULATOR_SECRET_KEY,
    TENCENTCLOUD_REGION: 'ap-guangzhou',
    ...extra,
  };
}
