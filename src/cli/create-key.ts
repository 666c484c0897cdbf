// `kms create-key`: flags in, one CreateKey call, the new key out. Knows nothing of commander.
import {
  requireSettings,
  resolveConfig,
  type ConnectionFlags,
  type ResolvedConfig,
  type Settings,
} from '../config/settings.js';
import { InterruptedError, KmsError, PartialSuccessError } from '../errors.js';
import type { CreatedKey } from '../http/create-key.js';
import { BASE_DELAY_MS, MAX_DELAY_MS } from '../http/retry.js';
import type { CreateKeyRequest } from '../kms/types.js';
import { colorLevel, loadStyles } from '../output/color.js';
import { renderResult, type OutputFormat } from '../output/render.js';
import { startSpinner } from '../output/spinner.js';
import { explainFailure } from './explain.js';
import { buildCreateKeyRequest, type CreateKeyDefaults, type CreateKeyFlags } from './input.js';
import type { CliIO } from './io.js';

export interface CreateKeyOptions extends CreateKeyFlags, ConnectionFlags {
  /** The output format, given the config file's `output` when the flags name none. */
  format: (configured: ResolvedConfig['output']) => OutputFormat;
  debug?: boolean | undefined;
}

function interrupted(alias: string): InterruptedError {
  return new InterruptedError(
    `interrupted while CreateKey for alias "${alias}" was in flight: the key may have been created`,
    {
      hint: `before creating it again, look for the alias: tccli kms ListKeyDetail --SearchKeyAlias ${alias} --KeyUsage ALL, or the KMS console`,
    },
  );
}

const CONNECT_TIMEOUT_MS = 10_000;

async function send(
  request: CreateKeyRequest,
  settings: Settings,
  format: OutputFormat,
  options: CreateKeyOptions,
  io: CliIO,
): Promise<CreatedKey> {
  const { createKeyReliably } = await import('../http/create-key.js');
  const { network } = settings;
  const transport =
    io.transport ??
    (await (
      await import('../http/transport.js')
    ).createUndiciTransport({
      connectTimeoutMs: Math.min(CONNECT_TIMEOUT_MS, settings.timeoutMs),
      proxy: network.proxy,
      env: io.env,
      ca: network.ca,
    }));
  const spinnerText = `Creating key ${request.Alias} in ${settings.region}`;
  const spinner = await startSpinner(spinnerText, io.stderr, format !== 'quiet');
  const debug = options.debug || io.env['KMS_DEBUG'] === '1';
  const note = (message: string) => {
    spinner.stop();
    io.stderr.write(`kms: ${message}\n`);
  };
  try {
    return await createKeyReliably(request, {
      target: { endpoint: settings.endpoint, region: settings.region, language: settings.language },
      credentials: settings.credentials.get,
      timeoutMs: settings.timeoutMs,
      now: io.now,
      transport,
      signal: io.signal,
      trace: debug ? (line) => io.stderr.write(`kms debug: ${line}\n`) : undefined,
      notify: note,
      policy: {
        maxAttempts: network.maxAttempts,
        deadlineMs: network.deadlineMs,
        baseDelayMs: BASE_DELAY_MS,
        maxDelayMs: MAX_DELAY_MS,
        random: Math.random,
      },
    });
  } catch (error) {
    if (io.signal?.aborted) throw interrupted(request.Alias);
    throw error instanceof KmsError ? explainFailure(error, settings) : error;
  } finally {
    spinner.stop();
    if (!io.transport) await transport.close();
  }
}

function defaultsOf(config: ResolvedConfig): CreateKeyDefaults {
  // config.tags lists the project file's tags before the user's: the project's win.
  const tags = Object.assign(
    {},
    ...[...config.tags].reverse().map((layer) => layer.value),
  ) as Record<string, string>;
  return { usage: config.usage?.value, tags };
}

export async function createKey(options: CreateKeyOptions, io: CliIO): Promise<number> {
  const warn = (message: string) => io.stderr.write(`kms: warning: ${message}\n`);
  const config = await resolveConfig(options, { ...io, warn });
  const format = options.format(config.output);
  const { request, problems, warnings } = buildCreateKeyRequest(options, defaultsOf(config));
  const settings = requireSettings(config, problems);
  warnings.forEach(warn);
  if (io.signal?.aborted) throw new InterruptedError('interrupted before anything was sent');

  const { key: result, recovered } = await send(request, settings, format, options, io);
  if (recovered) {
    io.stderr.write(
      `kms: note: CreateKey's response was lost; the key was found by its alias "${result.Alias}", so it was not created twice\n`,
    );
  }
  const styles = await loadStyles(format === 'table' ? colorLevel(io.env, io.stdout) : 0);
  io.stdout.write(renderResult(result, format, styles));

  if (result.TagCode !== 0) {
    const message = `key ${result.KeyId} was created, but its tags were not bound (TagCode ${result.TagCode}: ${result.TagMsg})`;
    throw new PartialSuccessError(message, 'TagsNotBound', {
      requestId: result.RequestId,
      hint: 'bind the tags in the Tencent Cloud tag console or with the tag API; the key itself is ready to use',
    });
  }
  return 0;
}
