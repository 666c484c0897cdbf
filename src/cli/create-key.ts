// `kms create-key`: flags (and an --input file) in, one key out; or, with --batch, many.
// Knows nothing of commander.
import {
  requireSettings,
  resolveConfig,
  type ConnectionFlags,
  type ResolvedConfig,
  type Settings,
} from '../config/settings.js';
import { InterruptedError, KmsError, PartialSuccessError, UsageError } from '../errors.js';
import { KEY_TYPES, type CreateKeyRequest, type CreateKeyResponse } from '../kms/types.js';
import { colorLevel, loadStyles } from '../output/color.js';
import { renderJson, renderResult, type OutputFormat } from '../output/render.js';
import { startSpinner, type Spinner } from '../output/spinner.js';
import { explainFailure } from './explain.js';
import { importAfterCreate } from './import-key-material.js';
import { readMaterial, type Material, type MaterialFlags } from './material.js';
import {
  buildCreateKeyRequest,
  type BaseRequest,
  type CreateKeyDefaults,
  type CreateKeyFlags,
} from './input.js';
import type { CliIO } from './io.js';
import { parseRequest, readRequestText, SKELETON } from './request-file.js';
import { isDebug, openSession } from './session.js';

export interface CreateKeyOptions extends CreateKeyFlags, ConnectionFlags, MaterialFlags {
  /** The output format, given the config file's `output` when the flags name none. */
  format: (configured: ResolvedConfig['output']) => OutputFormat;
  debug?: boolean | undefined;
  ifNotExists?: boolean | undefined;
  dryRun?: boolean | undefined;
  input?: string | undefined;
  skeleton?: boolean | undefined;
  batch?: string | undefined;
  rate?: string | undefined;
}

export interface Made {
  key: CreateKeyResponse & { Created?: boolean };
  recovered: boolean;
  /** The key was made but its material not imported: exit 9, after the key is printed. */
  importFailure?: KmsError;
}

export function interrupted(alias: string): InterruptedError {
  return new InterruptedError(
    `interrupted while CreateKey for alias "${alias}" was in flight: the key may have been created`,
    {
      hint: `before creating it again, look for the alias: tccli kms ListKeyDetail --SearchKeyAlias ${alias} --KeyUsage ALL, or the KMS console`,
    },
  );
}

export function defaultsOf(config: ResolvedConfig): CreateKeyDefaults {
  // config.tags lists the project file's tags before the user's: the project's win.
  const layers = [...config.tags].reverse().map((layer) => layer.value);
  return {
    usage: config.usage?.value,
    tags: Object.assign({}, ...layers) as Record<string, string>,
  };
}

async function send(
  request: CreateKeyRequest,
  settings: Settings,
  format: OutputFormat,
  options: CreateKeyOptions,
  io: CliIO,
  material?: Material,
): Promise<Made> {
  const { createKeyReliably, ensureKey } = await import('../http/create-key.js');
  const verb = options.ifNotExists ? 'Ensuring' : 'Creating';
  let spinner: Spinner | undefined;
  const note = (message: string) => {
    spinner?.stop();
    io.stderr.write(`kms: ${message}\n`);
  };
  const session = await openSession(settings, isDebug(options, io), io, note);
  spinner = await startSpinner(
    `${verb} key ${request.Alias} in ${settings.region}`,
    io.stderr,
    format !== 'quiet',
  );
  try {
    const made: Made = options.ifNotExists
      ? await ensureKey(request, session.context).then(({ key, recovered, created }) => ({
          key: { ...key, Created: created },
          recovered,
        }))
      : await createKeyReliably(request, session.context);
    // A key that was there already with its material (--if-not-exists) needs no import.
    if (!material || made.key.KeyState !== 'PendingImport') return made;
    spinner.stop();
    try {
      const key = await importAfterCreate(made.key, material, settings, options, session.context);
      return { ...made, key: { ...made.key, ...key } };
    } catch (error) {
      return { ...made, importFailure: error as KmsError };
    }
  } catch (error) {
    if (io.signal?.aborted) throw interrupted(request.Alias);
    throw error instanceof KmsError ? explainFailure(error, settings) : error;
  } finally {
    spinner.stop();
    // A failure to close must never hide a key that was made.
    await session.close().catch(() => {});
  }
}

async function inputBase(
  options: CreateKeyOptions,
  io: CliIO,
): Promise<{ base?: BaseRequest; problems: string[] }> {
  if (options.input === undefined) return { problems: [] };
  const text = await readRequestText(options.input, '--input', io);
  const name = options.input === '-' ? 'standard input' : options.input;
  const parsed = parseRequest(text, `--input ${name}`);
  return parsed.readable ? parsed : { problems: parsed.problems };
}

/** The calls a create-key would make, in order; the import's depend on CreateKey's KeyId. */
function plannedCalls(
  request: CreateKeyRequest,
  material: Material | undefined,
): [string, object][] {
  const calls: [string, object][] = [['CreateKey', request]];
  if (!material) return calls;
  const KeyId = '<the KeyId CreateKey answers>';
  const { algorithm, validTo } = material;
  calls.push([
    'GetParametersForImport',
    { KeyId, WrappingAlgorithm: algorithm, WrappingKeySpec: 'RSA_2048' },
  ]);
  calls.push([
    'ImportKeyMaterial',
    { KeyId, ImportToken: '[redacted]', EncryptedKeyMaterial: '[redacted]', ValidTo: validTo },
  ]);
  return calls;
}

async function dryRun(
  request: CreateKeyRequest,
  settings: Settings,
  format: OutputFormat,
  io: CliIO,
  material: Material | undefined,
): Promise<number> {
  const [{ buildSignedRequest }, { renderDryRun }] = await Promise.all([
    import('../http/request.js'),
    import('./dry-run.js'),
  ]);
  const credentials = await settings.credentials.get();
  const target = {
    endpoint: settings.endpoint,
    region: settings.region,
    language: settings.language,
  };
  const timestamp = Math.floor(io.now() / 1000);
  const signed = plannedCalls(request, material).map(([action, params]) =>
    buildSignedRequest(action, params, target, credentials, timestamp),
  );
  io.stdout.write(renderDryRun(signed, format));
  return 0;
}

function checkCombinations(options: CreateKeyOptions): void {
  if (options.batch !== undefined && (options.alias !== undefined || options.input !== undefined)) {
    throw new UsageError(
      '--batch takes the aliases from its file: give neither --alias nor --input with it',
    );
  }
  if (options.rate !== undefined && options.batch === undefined) {
    throw new UsageError('--rate paces a --batch: give it with --batch FILE');
  }
  if (options.batch !== undefined && options.keyMaterial !== undefined) {
    throw new UsageError('--key-material imports into one key: it does not go with --batch');
  }
  if (options.batch !== undefined && options.dryRun) {
    throw new UsageError('--dry-run shows one request: it does not go with --batch');
  }
  if (options.input === '-' && options.keyMaterial === '-') {
    throw new UsageError(
      '--input - and --key-material - cannot both read standard input: give one a file',
    );
  }
}

export async function createKey(options: CreateKeyOptions, io: CliIO): Promise<number> {
  if (options.skeleton) {
    io.stdout.write(renderJson(SKELETON));
    return 0;
  }
  checkCombinations(options);
  const warn = (message: string) => io.stderr.write(`kms: warning: ${message}\n`);
  const config = await resolveConfig(options, { ...io, warn });
  if (options.batch !== undefined) {
    const { runBatch } = await import('./batch.js');
    return runBatch(options, config, io);
  }
  const format = options.format(config.output);
  const input = await inputBase(options, io);
  const built = buildCreateKeyRequest(options, defaultsOf(config), input.base);
  const problems = [...input.problems, ...built.problems];
  if (options.keyMaterial !== undefined && built.request.Type !== KEY_TYPES.external) {
    problems.push(
      '--key-material: goes with --type external (only an EXTERNAL key takes imported material)',
    );
  }
  const material = await readMaterial(options, io, problems);
  try {
    const settings = requireSettings(config, problems);
    built.warnings.forEach(warn);
    if (options.dryRun) return await dryRun(built.request, settings, format, io, material);
    if (io.signal?.aborted) throw new InterruptedError('interrupted before anything was sent');
    return await finish(
      await send(built.request, settings, format, options, io, material),
      format,
      io,
    );
  } finally {
    material?.bytes.fill(0);
  }
}

async function finish(
  { key, recovered, importFailure }: Made,
  format: OutputFormat,
  io: CliIO,
): Promise<number> {
  if (recovered) {
    io.stderr.write(
      `kms: note: CreateKey's response was lost; the key was found by its alias "${key.Alias}", so it was not created twice\n`,
    );
  }
  const styles = await loadStyles(format === 'table' ? colorLevel(io.env, io.stdout) : 0);
  io.stdout.write(renderResult(key, format, styles));
  if (importFailure) throw importFailure;
  if (key.TagCode !== 0) throw tagsNotBound(key);
  return 0;
}

export function tagsNotBound(key: CreateKeyResponse): PartialSuccessError {
  const message = `key ${key.KeyId} was created, but its tags were not bound (TagCode ${key.TagCode}: ${key.TagMsg})`;
  return new PartialSuccessError(message, 'TagsNotBound', {
    requestId: key.RequestId,
    hint: 'bind the tags in the Tencent Cloud tag console or with the tag API; the key itself is ready to use',
  });
}
