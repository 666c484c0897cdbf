// `kms config`: every resolved setting and where it came from. Secrets are never shown: only
// whether one is set, and the last four characters of the SecretId.
import {
  resolveConfig,
  type ConnectionFlags,
  type ResolvedConfig,
  type Sourced,
} from '../config/settings.js';
import { UsageError } from '../errors.js';
import { colorLevel, loadStyles, type Styles } from '../output/color.js';
import { printable, renderJson, type OutputFormat } from '../output/render.js';
import { lastFour } from './explain.js';
import type { CliIO } from './io.js';

export interface ShowConfigOptions extends ConnectionFlags {
  format: (configured: ResolvedConfig['output']) => OutputFormat;
}

interface Row {
  value: string | null;
  source: string | null;
}

export interface ConfigReport {
  settings: Record<string, Row>;
  credentials: {
    source: string | null;
    secretId: string | null;
    secretKey: 'set' | 'not set';
    token: 'set' | 'not set';
    error: string | null;
  };
  files: string[];
}

const row = (sourced: Sourced<unknown> | undefined, show = (v: unknown) => String(v)): Row =>
  sourced ? { value: show(sourced.value), source: sourced.source } : { value: null, source: null };

export function describeConfig(config: ResolvedConfig): ConfigReport {
  const tags = Object.assign(
    {},
    ...[...config.tags].reverse().map((layer) => layer.value),
  ) as Record<string, string>;
  const { credentials } = config;
  return {
    settings: {
      region: row(config.region),
      endpoint: row(config.endpoint, (url) => (url as URL).origin),
      timeout: row(config.timeoutMs, (ms) => `${Number(ms) / 1000} s`),
      output: row(config.output),
      language: row(config.language),
      profile: row(config.profile),
      'defaults.usage': row(config.usage),
      'defaults.tags': config.tags.length
        ? {
            value: Object.entries(tags)
              .map(([k, v]) => `${k}=${v}`)
              .join(', '),
            source: config.tags.map((t) => t.source).join(', '),
          }
        : row(undefined),
    },
    credentials: {
      source: credentials?.source ?? null,
      secretId: credentials ? lastFour(credentials.secretId) : null,
      secretKey: credentials ? 'set' : 'not set',
      token: credentials?.hasToken ? 'set' : 'not set',
      error: config.credentialsError?.message ?? null,
    },
    files: config.files,
  };
}

function renderConfigTable(report: ConfigReport, styles: Styles): string {
  const { credentials } = report;
  const rows: [string, string, string][] = [
    ...Object.entries(report.settings).map(
      ([name, { value, source }]): [string, string, string] => [name, value ?? '-', source ?? '-'],
    ),
    ['secretId', credentials.secretId ?? 'not set', credentials.source ?? '-'],
    ['secretKey', credentials.secretKey, credentials.source ?? '-'],
    ['token', credentials.token, credentials.token === 'set' ? (credentials.source ?? '-') : '-'],
    ...(credentials.error
      ? [['credentials', `error: ${credentials.error}`, '-'] as [string, string, string]]
      : []),
  ];
  const nameWidth = Math.max(...rows.map(([name]) => name.length)) + 2;
  const valueWidth = Math.max(...rows.map(([, value]) => value.length)) + 2;
  const lines = rows.map(
    ([name, value, source]) =>
      `${styles.dim(name.padEnd(nameWidth))}${printable(value).padEnd(valueWidth)}${styles.dim(source)}`,
  );
  const files = report.files.length ? report.files.join(', ') : 'none found';
  return `${lines.join('\n')}\n${styles.dim('config files'.padEnd(nameWidth))}${files}\n`;
}

export async function showConfig(options: ShowConfigOptions, io: CliIO): Promise<number> {
  const warn = (message: string) => io.stderr.write(`kms: warning: ${message}\n`);
  const config = await resolveConfig(options, { ...io, warn });
  if (config.problems.length > 0) throw new UsageError(config.problems);
  const format = options.format(config.output);
  const report = describeConfig(config);

  const styles = await loadStyles(format === 'table' ? colorLevel(io.env, io.stdout) : 0);
  io.stdout.write(format === 'table' ? renderConfigTable(report, styles) : renderJson(report));
  return 0;
}
