// The actions the emulator serves, with the service's rules (the very rules the CLI checks
// locally) and its error codes.
import { randomUUID } from 'node:crypto';

import { createKeyResponseOf } from '../kms/keys.js';
import { checkCreateKey } from '../kms/rules.js';
import type { CreateKeyRequest, CreateKeyResponse, KeyMetadata } from '../kms/types.js';
import { getParametersForImport, importKeyMaterial } from './import.js';
import { isRefusal, readParams, type ParamSchema } from './params.js';
import type { KeyStore, StoredKey } from './store.js';
import type { Refusal } from './verify.js';

export interface ActionContext {
  store: KeyStore;
  region: string;
  nowSeconds: number;
  hsmClusters: ReadonlySet<string>;
  extraUsages: readonly string[];
  /** The tag service fails: the key is made, its tags are not bound (TagCode 2). */
  tagFailure?: boolean;
}

export type ActionOutcome = { result: Record<string, unknown>; alias?: string } | Refusal;

const CREATOR_UIN = 100000000001;
const MAX_LIST_LIMIT = 200;

const CREATE_KEY_PARAMS: ParamSchema = {
  Alias: 'string',
  Description: 'string',
  KeyUsage: 'string',
  Type: 'integer',
  Tags: 'tags',
  HsmClusterId: 'string',
};

function createKey(body: Buffer, context: ActionContext): ActionOutcome {
  const params = readParams(body, CREATE_KEY_PARAMS);
  if (isRefusal(params)) return params;
  if (params['Alias'] === undefined)
    return { code: 'MissingParameter', message: 'The parameter `Alias` is missing.' };

  const request = params as unknown as CreateKeyRequest;
  const [broken] = checkCreateKey(request, { extraUsages: context.extraUsages });
  if (broken) return { code: broken.code, message: `${broken.field} ${broken.rule}.` };
  if (request.HsmClusterId !== undefined && !context.hsmClusters.has(request.HsmClusterId)) {
    return {
      code: 'InvalidParameterValue.InvalidHsmClusterId',
      message: `HSM cluster ${request.HsmClusterId} does not exist.`,
    };
  }
  if (context.store.findByAlias(context.region, request.Alias)) {
    return {
      code: 'InvalidParameterValue.AliasAlreadyExists',
      message: `The alias ${request.Alias} already exists.`,
    };
  }
  const key = newKey(request, context);
  if (context.tagFailure) key.Tags = [];
  context.store.add(key);

  const result = createKeyResult(key);
  if (context.tagFailure)
    Object.assign(result, { TagCode: 2, TagMsg: 'the tag service refused the tags' });
  return { result, alias: key.Alias };
}

function newKey(request: CreateKeyRequest, context: ActionContext): StoredKey {
  const external = request.Type === 2;
  return {
    KeyId: randomUUID(),
    Alias: request.Alias,
    CreateTime: context.nowSeconds,
    Description: request.Description ?? '',
    KeyState: external ? 'PendingImport' : 'Enabled',
    KeyUsage: request.KeyUsage ?? 'ENCRYPT_DECRYPT',
    Type: request.Type ?? 1,
    Origin: external ? 'EXTERNAL' : 'TENCENT_KMS',
    CreatorUin: CREATOR_UIN,
    KeyRotationEnabled: false,
    Owner: 'user',
    NextRotateTime: 0,
    DeletionDate: 0,
    ValidTo: 0,
    HsmClusterId: request.HsmClusterId ?? '',
    Region: context.region,
    Tags: request.Tags ?? [],
  };
}

function createKeyResult(key: StoredKey): Omit<CreateKeyResponse, 'RequestId'> {
  return createKeyResponseOf(key, 'ok');
}

/** What the service shows of a key: none of the emulator's own bookkeeping. */
function metadataOf(key: StoredKey): KeyMetadata {
  const { Region: _region, Tags: _tags, MaterialSha256: _material, ...metadata } = key;
  return metadata;
}

const LIST_KEY_DETAIL_PARAMS: ParamSchema = {
  Offset: 'integer',
  Limit: 'integer',
  Role: 'integer',
  OrderType: 'integer',
  KeyState: 'integer',
  SearchKeyAlias: 'string',
  Origin: 'string',
  KeyUsage: 'string',
  HsmClusterId: 'string',
};

// KeyState filter values: 0 all, 1 Enabled, 2 Disabled, 3 PendingDelete, 4 PendingImport, 5 Archived.
const KEY_STATES = ['', 'Enabled', 'Disabled', 'PendingDelete', 'PendingImport', 'Archived'];

function listFilter(params: Record<string, unknown>): (key: StoredKey) => boolean {
  const search = (params['SearchKeyAlias'] as string | undefined) ?? '';
  const state = KEY_STATES[(params['KeyState'] as number | undefined) ?? 0] ?? '';
  const origin = (params['Origin'] as string | undefined) || 'ALL';
  // An empty KeyUsage lists symmetric keys only, as the service does.
  const usage = (params['KeyUsage'] as string | undefined) || 'ENCRYPT_DECRYPT';

  return (key) =>
    (search === '' || key.Alias.includes(search) || key.KeyId.includes(search)) &&
    (state === '' || key.KeyState === state) &&
    (origin === 'ALL' || key.Origin === origin) &&
    (usage === 'ALL' || key.KeyUsage === usage);
}

function listKeyDetail(body: Buffer, context: ActionContext): ActionOutcome {
  const params = readParams(body, LIST_KEY_DETAIL_PARAMS);
  if (isRefusal(params)) return params;
  const limit = (params['Limit'] as number | undefined) ?? 10;
  const offset = (params['Offset'] as number | undefined) ?? 0;
  if (limit < 0 || limit > MAX_LIST_LIMIT || offset < 0) {
    return {
      code: 'InvalidParameterValue',
      message: `Limit must be 0 to ${MAX_LIST_LIMIT} and Offset not negative.`,
    };
  }
  const ascending = params['OrderType'] === 1;
  const matching = context.store
    .inRegion(context.region)
    .filter(listFilter(params))
    .sort((a, b) => (ascending ? a.CreateTime - b.CreateTime : b.CreateTime - a.CreateTime));

  const page = matching.slice(offset, offset + limit).map(metadataOf);
  return { result: { TotalCount: matching.length, KeyMetadatas: page } };
}

function describeKey(body: Buffer, context: ActionContext): ActionOutcome {
  const params = readParams(body, { KeyId: 'string' });
  if (isRefusal(params)) return params;
  const keyId = params['KeyId'] as string | undefined;
  if (keyId === undefined)
    return { code: 'MissingParameter', message: 'The parameter `KeyId` is missing.' };

  const key = context.store.findById(context.region, keyId);
  if (!key)
    return { code: 'ResourceUnavailable.CmkNotFound', message: `The key ${keyId} does not exist.` };
  return { result: { KeyMetadata: metadataOf(key) }, alias: key.Alias };
}

export const ACTIONS: Readonly<
  Record<string, (body: Buffer, context: ActionContext) => ActionOutcome>
> = {
  CreateKey: createKey,
  ListKeyDetail: listKeyDetail,
  DescribeKey: describeKey,
  GetParametersForImport: getParametersForImport,
  ImportKeyMaterial: importKeyMaterial,
};
