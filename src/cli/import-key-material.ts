// `kms import-key-material`: finishes (or repeats) the import for an EXTERNAL key made earlier,
// and the import step of `kms create-key --type external --key-material FILE`.
import {
  requireSettings,
  resolveConfig,
  type ConnectionFlags,
  type ResolvedConfig,
  type Settings,
} from '../config/settings.js';
import { KmsError, PartialSuccessError } from '../errors.js';
import type { CallContext } from '../http/client.js';
import { KEY_METADATA_FIELDS, type CreateKeyResponse, type KeyMetadata } from '../kms/types.js';
import { colorLevel, loadStyles } from '../output/color.js';
import { renderResult, type OutputFormat } from '../output/render.js';
import { explainFailure } from './explain.js';
import type { CliIO } from './io.js';
import { readMaterial, resumeCommand, type Material, type MaterialFlags } from './material.js';
import { isDebug, openSession } from './session.js';

export interface ImportKeyMaterialOptions extends MaterialFlags, ConnectionFlags {
  keyId?: string | undefined;
  format: (configured: ResolvedConfig['output']) => OutputFormat;
  debug?: boolean | undefined;
}

/** Imports the material and answers the key as DescribeKey sees it afterwards. */
export async function importAndDescribe(
  keyId: string,
  material: Material,
  context: CallContext,
): Promise<KeyMetadata & { RequestId: string }> {
  const { importMaterial, describeKey } = await import('../http/import.js');
  await importMaterial(
    material.bytes,
    { keyId, algorithm: material.algorithm, validTo: material.validTo },
    context,
  );
  return describeKey(keyId, context);
}

/** The import after CreateKey made the key: a failure is exit 9, with the command to finish. */
export async function importAfterCreate(
  key: CreateKeyResponse,
  material: Material,
  settings: Settings,
  flags: MaterialFlags & ConnectionFlags,
  context: CallContext,
): Promise<CreateKeyResponse> {
  try {
    const described = await importAndDescribe(key.KeyId, material, context);
    return { ...key, KeyState: described.KeyState };
  } catch (error) {
    const reason =
      error instanceof KmsError ? explainFailure(error, settings).message : String(error);
    throw new PartialSuccessError(
      `key ${key.KeyId} was created, but importing its material did not complete: ${reason}`,
      'ImportIncomplete',
      {
        hint: `finish it with: ${resumeCommand(key.KeyId, flags, settings)}`,
      },
    );
  }
}

export async function importKeyMaterial(
  options: ImportKeyMaterialOptions,
  io: CliIO,
): Promise<number> {
  const warn = (message: string) => io.stderr.write(`kms: warning: ${message}\n`);
  const config = await resolveConfig(options, { ...io, warn });
  const format = options.format(config.output);
  const problems: string[] = [];
  if (!options.keyId)
    problems.push('--key-id: required: the KeyId of the EXTERNAL key to import into');
  if (!options.keyMaterial)
    problems.push('--key-material: required: a file of raw key material, or - for stdin');
  const material = await readMaterial(options, io, problems);
  const settings = requireSettings(config, problems);

  const debug = isDebug(options, io);
  const session = await openSession(settings, debug, io, (message) =>
    io.stderr.write(`kms: ${message}\n`),
  );
  let key: KeyMetadata & { RequestId: string };
  try {
    key = await importAndDescribe(options.keyId!, material!, session.context);
  } catch (error) {
    throw error instanceof KmsError ? explainFailure(error, settings) : error;
  } finally {
    material?.bytes.fill(0);
    await session.close();
  }
  const styles = await loadStyles(format === 'table' ? colorLevel(io.env, io.stdout) : 0);
  io.stdout.write(renderResult(key, format, styles, KEY_METADATA_FIELDS));
  return 0;
}
