// A key's metadata in the shape CreateKey answers with: what the emulator answers when it makes
// a key, and what kms reports for a key it found by its alias instead.
import type { CreateKeyResponse, KeyMetadata } from './types.js';

export function createKeyResponseOf(
  key: KeyMetadata,
  tagMsg: string,
): Omit<CreateKeyResponse, 'RequestId'> {
  return {
    KeyId: key.KeyId,
    Alias: key.Alias,
    CreateTime: key.CreateTime,
    Description: key.Description,
    KeyState: key.KeyState,
    KeyUsage: key.KeyUsage,
    TagCode: 0,
    TagMsg: tagMsg,
    HsmClusterId: key.HsmClusterId,
  };
}
