// `kms create-key`: flags in, one CreateKey call, the new key out. Knows nothing of commander.
import { resolveSettings, type ConnectionFlags, type Settings } from '../config/settings.js';
import { PartialSuccessError } from '../errors.js';
import type { CreateKeyRequest, CreateKeyResponse } from '../kms/types.js';
import { colorLevel, loadStyles } from '../output/color.js';
import { renderResult, type OutputFormat } from '../output/render.js';
import { startSpinner } from '../output/spinner.js';
import { buildCreateKeyRequest, type CreateKeyFlags } from './input.js';
import type { CliIO } from './io.js';

export interface CreateKeyOptions extends CreateKeyFlags, ConnectionFlags {
  format: OutputFormat;
}

async function send(
  request: CreateKeyRequest,
  settings: Settings,
  options: CreateKeyOptions,
  io: CliIO,
): Promise<CreateKeyResponse> {
  const { callAction } = await import('../http/client.js');
  const transport = io.transport ?? (await import('../http/transport.js')).createUndiciTransport();
  const spinnerText = `Creating key ${options.alias} in ${settings.region}`;
  const spinner = await startSpinner(spinnerText, io.stderr, options.format !== 'quiet');
  try {
    return await callAction<CreateKeyResponse>('CreateKey', request, {
      target: { endpoint: settings.endpoint, region: settings.region },
      credentials: settings.credentials,
      timeoutMs: settings.timeoutMs,
      now: io.now,
      transport,
    });
  } finally {
    spinner.stop();
    if (!io.transport) await transport.close();
  }
}

export async function createKey(options: CreateKeyOptions, io: CliIO): Promise<number> {
  const { request, problems } = buildCreateKeyRequest(options);
  const settings = resolveSettings(options, io.env, problems);

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
