// --endpoint takes a host (kms.ap-guangzhou.tencentcloudapi.com) or a URL. Plain http is
// allowed only to this machine: anywhere else it would send the signed request in the clear.
import { DEFAULT_HOST } from '../kms/types.js';

export function isLoopback(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** The endpoint as a URL, or the rule it breaks. */
export function parseEndpoint(value: string): URL | string {
  const text = value.includes('://') ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be a host name (kms.ap-guangzhou.tencentcloudapi.com) or an http(s) URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'must use https:// (or http:// to a loopback address)';
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    return 'may use plain http:// only for a loopback address (127.0.0.1, ::1, localhost); use https://';
  }
  if (
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search ||
    url.hash ||
    url.username ||
    url.password
  ) {
    return 'must be a bare host or origin, without a path, query or credentials';
  }
  return url;
}

export const DEFAULT_ENDPOINT = `https://${DEFAULT_HOST}`;
