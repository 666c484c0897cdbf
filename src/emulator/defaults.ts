import type { EmulatorCredential } from './verify.js';

// Published test credentials: they open nothing but a local emulator. Never real secrets.
export const EMULATOR_SECRET_ID = 'AKIDkmsEmulatorTestId000000000000000';
export const EMULATOR_SECRET_KEY = 'kmsEmulatorTestKey00000000000000';
export const EMULATOR_HSM_CLUSTER = 'cls-hsm-emulator';

/** The credential the emulator accepts: the published defaults, or the environment's. */
export function emulatorCredential(env: NodeJS.ProcessEnv): EmulatorCredential {
  return {
    secretId: env['KMS_EMULATOR_SECRET_ID'] || EMULATOR_SECRET_ID,
    secretKey: env['KMS_EMULATOR_SECRET_KEY'] || EMULATOR_SECRET_KEY,
    token: env['KMS_EMULATOR_TOKEN'] || undefined,
  };
}
