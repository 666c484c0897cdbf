// The API's own shapes for the actions `kms` calls, field names exactly as Tencent spells them.

export const API_VERSION = '2019-01-18';
export const SERVICE = 'kms';
export const DEFAULT_HOST = 'kms.tencentcloudapi.com';

export const KEY_USAGES = [
  'ENCRYPT_DECRYPT',
  'ASYMMETRIC_DECRYPT_RSA_2048',
  'ASYMMETRIC_DECRYPT_SM2',
  'ASYMMETRIC_SIGN_VERIFY_SM2',
  'ASYMMETRIC_SIGN_VERIFY_ECC',
  'ASYMMETRIC_SIGN_VERIFY_RSA_2048',
  'ASYMMETRIC_SIGN_VERIFY_ECDSA384',
] as const;
export type KeyUsage = (typeof KEY_USAGES)[number];

/** Type 1: KMS makes the key material. Type 2 (EXTERNAL): the user imports it later. */
export const KEY_TYPES = { default: 1, external: 2 } as const;

export interface Tag {
  TagKey: string;
  TagValue: string;
}

export interface CreateKeyRequest {
  Alias: string;
  Description?: string;
  KeyUsage?: string;
  Type?: number;
  Tags?: Tag[];
  HsmClusterId?: string;
}

/** CreateKey's response fields, in the order the service documents (and tccli prints) them. */
export const CREATE_KEY_FIELDS = [
  'KeyId',
  'Alias',
  'CreateTime',
  'Description',
  'KeyState',
  'KeyUsage',
  'TagCode',
  'TagMsg',
  'HsmClusterId',
  'RequestId',
] as const;

/** DescribeKey's KeyMetadata fields that `kms import-key-material` shows, in the service's order. */
export const KEY_METADATA_FIELDS = [
  'KeyId',
  'Alias',
  'CreateTime',
  'Description',
  'KeyState',
  'KeyUsage',
  'Origin',
  'ValidTo',
  'HsmClusterId',
  'RequestId',
] as const;

export interface CreateKeyResponse {
  KeyId: string;
  Alias: string;
  CreateTime: number;
  Description: string;
  KeyState: string;
  KeyUsage: string;
  TagCode: number;
  TagMsg: string;
  HsmClusterId: string;
  RequestId: string;
}

export interface KeyMetadata {
  KeyId: string;
  Alias: string;
  CreateTime: number;
  Description: string;
  KeyState: string;
  KeyUsage: string;
  Type: number;
  Origin: 'TENCENT_KMS' | 'EXTERNAL';
  CreatorUin: number;
  KeyRotationEnabled: boolean;
  Owner: string;
  NextRotateTime: number;
  DeletionDate: number;
  ValidTo: number;
  HsmClusterId: string;
}

export interface GetParametersForImportResponse {
  KeyId: string;
  ImportToken: string;
  /** Base64 of the wrapping key's SPKI DER encoding. */
  PublicKey: string;
  /** Unix seconds: the token and the public key serve until then (24 h). */
  ParametersValidTo: number;
  RequestId: string;
}
