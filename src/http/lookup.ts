// Finding a key by its exact alias. ListKeyDetail's SearchKeyAlias is a fuzzy match on alias
// and KeyId, so every page of matches is read and filtered here for the exact alias.
import type { KeyMetadata } from '../kms/types.js';
import { callAction, type CallContext } from './client.js';

const PAGE = 200; // the most ListKeyDetail returns at once

export interface Lookup {
  key: KeyMetadata | undefined;
  /** The last ListKeyDetail call's RequestId, to quote with what it found. */
  requestId: string;
}

export async function findKeyByAlias(alias: string, context: CallContext): Promise<Lookup> {
  for (let offset = 0; ; offset += PAGE) {
    const page = await callAction<{ TotalCount: number; KeyMetadatas: KeyMetadata[] }>(
      'ListKeyDetail',
      // All states, all usages and both origins: an empty KeyUsage would list symmetric keys only.
      {
        SearchKeyAlias: alias,
        KeyState: 0,
        KeyUsage: 'ALL',
        Origin: 'ALL',
        Offset: offset,
        Limit: PAGE,
      },
      context,
    );
    const key = page.KeyMetadatas.find((candidate) => candidate.Alias === alias);
    if (key || offset + PAGE >= page.TotalCount || page.KeyMetadatas.length === 0) {
      return { key, requestId: page.RequestId };
    }
  }
}
