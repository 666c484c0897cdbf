// The rules for importing key material into an EXTERNAL key (ImportKeyMaterial, 2019-01-18).
// Source: Tencent's ImportKeyMaterial page (cloud.tencent.com/document/api/573/38496): the
// material is 128 bits in the 国密 (SM) editions' regions and 256 bits in the FIPS editions',
// ValidTo is 0 (never expires) or a Unix time after now and at most 2147443200; only keys in
// Enabled or PendingImport state take material. Which edition a region runs is not something a
// client can see, so both lengths are accepted here and the service decides.

export const WRAPPING_ALGORITHMS = [
  'RSAES_OAEP_SHA_256',
  'RSAES_OAEP_SHA_1',
  'RSAES_PKCS1_V1_5',
] as const;
export type WrappingAlgorithm = (typeof WRAPPING_ALGORITHMS)[number];
export const WRAPPING_KEY_SPEC = 'RSA_2048';

export const MATERIAL_BYTES = [16, 32] as const;
export const LATEST_VALID_TO = 2147443200;

/** Why this material cannot be imported, or undefined when its length fits an edition. */
export function materialProblem(material: Uint8Array): string | undefined {
  if ((MATERIAL_BYTES as readonly number[]).includes(material.length)) return undefined;
  return `must hold 16 bytes (128 bits, SM regions) or 32 bytes (256 bits, FIPS regions) of raw key material, not ${material.length}`;
}

/** The ValidTo for --material-expires: `never` is 0; else a date or Unix seconds in the future. */
export function validToFrom(value: string, nowSeconds: number): number | string {
  if (value === 'never') return 0;
  const seconds = /^\d+$/.test(value) ? Number(value) : Math.floor(Date.parse(value) / 1000);
  if (Number.isNaN(seconds))
    return 'must be never, a date such as 2027-12-31 or 2027-12-31T00:00:00Z, or Unix seconds';
  if (seconds <= nowSeconds) return 'must be in the future';
  if (seconds > LATEST_VALID_TO)
    return `must be at most ${new Date(LATEST_VALID_TO * 1000).toISOString()} (the service's limit)`;
  return seconds;
}
