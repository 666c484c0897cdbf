// Where the credentials come from, in order: --use-cvm-role, the environment, the project file,
// the user file, tccli's credential file, the SDKs' credentials file. They are taken whole
// from the first source that has any: an id from one place and a key from another would sign
// with a pair that was never issued together.
import { statSync } from 'node:fs';

import { ConfigError } from '../errors.js';
import type { Credentials } from '../http/request.js';
import { cvmRoleProvider, METADATA_URL, type CredentialProvider } from './cvm-role.js';
import type { FileSettings } from './schema.js';
import { readSdkCredentials, readTccliCredential } from './tencent-files.js';

export interface SourcedCredentials {
  /** Where they came from, for messages and `kms config`: a variable, a file, the role. */
  source: string;
  /** The SecretId when it is known before use (not for the instance role). */
  secretId?: string | undefined;
  hasToken: boolean;
  get: CredentialProvider;
}

export interface FileLayer {
  path: string;
  settings: FileSettings;
  /** The project's file, shared through the repository, as opposed to the user's own. */
  shared: boolean;
}

export interface CredentialContext {
  env: NodeJS.ProcessEnv;
  home: string;
  now: () => number;
  useCvmRole: boolean;
  tccliProfile: string;
  files: readonly FileLayer[];
  warn: (message: string) => void;
}

interface Candidate {
  /** Where they are, for `kms config` and messages: variables' names, or a file's path. */
  source: string;
  /** Where, in a sentence: `the environment`, or the file's path. */
  where: string;
  /** What the id and the key are called at this source. */
  names: [id: string, key: string];
  secretId?: string | undefined;
  secretKey?: string | undefined;
  token?: string | undefined;
  /** A file whose permissions to check once it is used. */
  file?: string | undefined;
}

function fixed(source: string, credentials: Credentials): SourcedCredentials {
  return {
    source,
    secretId: credentials.secretId,
    hasToken: Boolean(credentials.token),
    get: async () => credentials,
  };
}

function cvmRole(source: string, context: CredentialContext): SourcedCredentials {
  const base = context.env['KMS_METADATA_URL'] || METADATA_URL;
  return { source, hasToken: true, get: cvmRoleProvider(base, context.now) };
}

/** Group- or world-readable files should not hold secrets. */
export function warnIfReadable(path: string, warn: (message: string) => void): void {
  try {
    if ((statSync(path).mode & 0o077) !== 0) {
      warn(`${path} holds a secret and can be read by other users: chmod 600 ${path}`);
    }
  } catch {
    // A file that cannot be stat'ed could not have been read either; reading reported it.
  }
}

function complete(
  candidate: Candidate,
  context: CredentialContext,
): SourcedCredentials | undefined {
  const { secretId, secretKey, token } = candidate;
  if (!secretId && !secretKey && !token) return undefined;
  if (!secretId || !secretKey) {
    const [idName, keyName] = candidate.names;
    const missing = secretId ? keyName : idName;
    throw new ConfigError(`incomplete credentials in ${candidate.where}: ${missing} is not set`, {
      hint: 'kms takes the SecretId and the secret key from the same place, never one from here and one from there',
    });
  }
  if (candidate.file) warnIfReadable(candidate.file, context.warn);
  return fixed(candidate.source, { secretId, secretKey, token });
}

function fromEnv(env: NodeJS.ProcessEnv): Candidate {
  return {
    source: 'TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY',
    where: 'the environment',
    names: ['TENCENTCLOUD_SECRET_ID', 'TENCENTCLOUD_SECRET_KEY'],
    secretId: env['TENCENTCLOUD_SECRET_ID'] || undefined,
    secretKey: env['TENCENTCLOUD_SECRET_KEY'] || undefined,
    token: env['TENCENTCLOUD_SESSION_TOKEN'] || env['TENCENTCLOUD_TOKEN'] || undefined,
  };
}

function inFile(
  path: string,
  names: [string, string],
  values: Partial<Credentials>,
  file?: string,
): Candidate {
  return { source: path, where: path, names, ...values, file };
}

function fromFile(layer: FileLayer, context: CredentialContext): SourcedCredentials | undefined {
  const { settings, path } = layer;
  if (settings.credentialSource === 'cvm-role')
    return cvmRole(`${path} (credentialSource: cvm-role)`, context);
  // The file's permissions were checked when it was read (settings.ts).
  const found = complete(inFile(path, ['secretId', 'secretKey'], settings), context);
  if (found && layer.shared) {
    context.warn(
      `${path} holds credentials: secrets belong in your user config file or the environment, not in a project's files`,
    );
  }
  return found;
}

export function resolveCredentials(context: CredentialContext): SourcedCredentials | undefined {
  if (context.useCvmRole) return cvmRole('--use-cvm-role (the CVM instance role)', context);
  const env = complete(fromEnv(context.env), context);
  if (env) return env;
  for (const layer of context.files) {
    const found = fromFile(layer, context);
    if (found) return found;
  }
  const tccli = readTccliCredential(context.home, context.tccliProfile);
  const fromTccli =
    tccli && complete(inFile(tccli.path, ['secretId', 'secretKey'], tccli, tccli.path), context);
  if (fromTccli) return fromTccli;
  const sdk = readSdkCredentials(context.home);
  return sdk && complete(inFile(sdk.path, ['secret_id', 'secret_key'], sdk, sdk.path), context);
}
