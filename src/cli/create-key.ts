// `kms create-key`: flags in, one CreateKey call, the new key out. Knows nothing of commander.
import { resolveSettings, type ConnectionFlags, type Settings } from '../config/settings.js';
import { InterruptedError, KmsError, PartialSuccessError } from '../errors.js';
import type { CreateKeyRequest, CreateKeyResponse } from '../kms/types.js';
import { colorLevel, loadStyles } from '../output/color.js';
import { renderResult, type OutputFormat } from '../output/render.js';
import { startSpinner } from '../output/spinner.js';
import { explainFailure } from './explain.js';
import { buildCreateKeyRequest, type CreateKeyFlags } from './input.js';
import type { CliIO } from './io.js';

export interface CreateKeyOptions extends CreateKeyFlags, ConnectionFlags {
  format: OutputFormat;
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

async function send(
  request: CreateKeyRequest,
  settings: Settings,
  options: CreateKeyOptions,
  io: CliIO,
): Promise<CreateKeyResponse> {
  const { callAction } = await import('../http/client.js');
  const transport = io.transport ?? (await import('../http/transport.js')).createUndiciTransport();
  const spinnerText = `Creating key ${request.Alias} in ${settings.region}`;
  const spinner = await startSpinner(spinnerText, io.stderr, options.format !== 'quiet');
  const debug = options.debug || io.env['KMS_DEBUG'] === '1';
  try {
    return await callAction<CreateKeyResponse>('CreateKey', request, {
      target: { endpoint: settings.endpoint, region: settings.region },
      credentials: settings.credentials,
      timeoutMs: settings.timeoutMs,
      now: io.now,
      transport,
      signal: io.signal,
      trace: debug ? (line) => io.stderr.write(`kms debug: ${line}\n`) : undefined,
    });
  } catch (error) {
    if (io.signal?.aborted) throw interrupted(request.Alias);
    throw error instanceof KmsError ? explainFailure(error, settings) : error;
  } finally {
    spinner.stop();
    if (!io.transport) await transport.close();
  }
}

export async function createKey(options: CreateKeyOptions, io: CliIO): Promise<number> {
  const { request, problems, warnings } = buildCreateKeyRequest(options);
  const settings = resolveSettings(options, io.env, problems);
  for (const warning of warnings) io.stderr.write(`kms: warning: ${warning}\n`);
  if (io.signal?.aborted) throw new InterruptedError('interrupted before anything was sent');

  const result = await send(request, settings, options, io);
  const styles = await loadStyles(options.format === 'table' ? colorLevel(io.env, io.stdout) : 0);
  io.stdout.write(renderResult(result, options.format, styles));

  if (result.TagCode !== 0) {
    const message = `key ${result.KeyId} was created, but its tags were not bound (TagCode ${result.TagCode}: ${result.TagMsg})`;
    throw new PartialSuccessError(message, 'TagsNotBound', {
      requestId: result.RequestId,
      hint: 'bind the tags in the Tencent Cloud tag console or with the tag API; the key itself is ready to use',
    });
  }
  return 0;
}
