// `kms create-key --batch FILE`: one request per line (the API's JSON shape), each answered by
// exactly one result line on stdout, in input order. Requests run concurrently, paced to the
// service's CreateKey rate; one bad line does not stop the others.
import { setMaxListeners } from 'node:events';

import { requireSettings, type ResolvedConfig } from '../config/settings.js';
import { EXIT, InterruptedError, KmsError, TransportError, UsageError } from '../errors.js';
import type { EnsuredKey } from '../http/create-key.js';
import { sleep } from '../http/retry.js';
import type { CreateKeyRequest } from '../kms/types.js';
import { defaultsOf, type CreateKeyOptions } from './create-key.js';
import { explainFailure } from './explain.js';
import { buildCreateKeyRequest } from './input.js';
import type { CliIO } from './io.js';
import { asKmsError, errorDocument } from './report.js';
import { parseRequest, readRequestText } from './request-file.js';
import { isDebug, openSession } from './session.js';

/** The service's CreateKey limit per account (the CreateKey page: 100 a second). */
export const SERVICE_RATE = 100;
const WORKERS = 16;

// When lines fail differently, the exit code is the most severe met, in this order.
const SEVERITY = [
  EXIT.internal,
  EXIT.transport,
  EXIT.auth,
  EXIT.config,
  EXIT.throttled,
  EXIT.service,
  EXIT.aliasExists,
  EXIT.partial,
  EXIT.usage,
];

interface Job {
  line: number;
  request: CreateKeyRequest;
  problems: string[];
}

/** Starts spaced evenly, and never more than `rate` in one wall-clock second (as the service counts). */
export class Pacer {
  private next = 0;
  private second = -1;
  private used = 0;

  constructor(
    private readonly rate: number,
    private readonly now: () => number,
  ) {}

  /** Resolves when a call may start; rejects at once when the user interrupts. */
  async turn(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted)
        throw new TransportError('interrupted before it was sent', 'Aborted', { sent: false });
      const now = this.now();
      const second = Math.floor(now / 1000);
      if (second !== this.second) [this.second, this.used] = [second, 0];
      const wait = Math.max(
        this.next - now,
        this.used >= this.rate ? (second + 1) * 1000 - now : 0,
      );
      if (wait <= 0) {
        this.used += 1;
        this.next = Math.max(now, this.next) + 1000 / this.rate;
        return;
      }
      await sleep(wait, signal);
    }
  }
}

function rateFrom(value: string | undefined): { rate: number; problems: string[] } {
  if (value === undefined) return { rate: SERVICE_RATE, problems: [] };
  const rate = Number(value);
  if (Number.isInteger(rate) && rate >= 1 && rate <= SERVICE_RATE) return { rate, problems: [] };
  return {
    rate: SERVICE_RATE,
    problems: [
      `--rate "${value}": must be a whole number of CreateKey calls a second, from 1 to ${SERVICE_RATE}`,
    ],
  };
}

/** One job a line; each distinct warning (an unknown usage sent as given) is said once. */
function jobsFrom(
  text: string,
  options: CreateKeyOptions,
  config: ResolvedConfig,
  warn: (message: string) => void,
): Job[] {
  const defaults = defaultsOf(config);
  const jobs: Job[] = [];
  const warned = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    const content = raw.replace(/\r$/, '');
    if (content.trim() === '') return; // blank lines carry no request, and get no result
    const parsed = parseRequest(content, `--batch line ${index + 1}`);
    const built = buildCreateKeyRequest(options, defaults, parsed.base);
    const problems = parsed.readable ? [...parsed.problems, ...built.problems] : parsed.problems;
    jobs.push({ line: index + 1, request: built.request, problems });
    for (const warning of built.warnings.filter((w) => !warned.has(w))) {
      warned.add(warning);
      warn(warning);
    }
  });
  return jobs;
}

function batchInterrupted(aliases: string[]): InterruptedError {
  if (aliases.length === 0)
    return new InterruptedError(
      'interrupted between requests: every line answered so far is final',
    );
  const list = aliases.map((alias) => `"${alias}"`).join(', ');
  return new InterruptedError(
    `interrupted while CreateKey was in flight for ${list}: those keys may have been created`,
    {
      hint: 'run the same batch again with --if-not-exists: it finds the keys that were made and makes the rest',
    },
  );
}

function errorLine(error: unknown, job: Job): string {
  const document = errorDocument(asKmsError(error));
  return JSON.stringify({ error: { ...document.error, line: job.line, alias: job.request.Alias } });
}

interface Tally {
  created: number;
  existed: number;
  failed: number;
  exitCodes: number[];
}

export async function runBatch(
  options: CreateKeyOptions,
  config: ResolvedConfig,
  io: CliIO,
): Promise<number> {
  const text = await readRequestText(options.batch!, '--batch', io);
  const { rate, problems } = rateFrom(options.rate);
  const settings = requireSettings(config, problems);
  const jobs = jobsFrom(text, options, config, (message) =>
    io.stderr.write(`kms: warning: ${message}\n`),
  );
  const debug = isDebug(options, io);
  const session = await openSession(
    settings,
    debug,
    io,
    (message) => debug && io.stderr.write(`kms: ${message}\n`),
  );
  const pacer = new Pacer(rate, io.now);
  const { createKeyReliably, ensureKey } = await import('../http/create-key.js');
  const tally: Tally = { created: 0, existed: 0, failed: 0, exitCodes: [] };
  const results: (string | undefined)[] = [];
  const progress = startProgress(io, jobs.length, tally);
  let flushed = 0;
  let taken = 0;

  // Which aliases have a CreateKey out: marked when the pacer lets one go, so that an interrupt
  // names only requests that may have reached the service.
  const inFlight = new Set<string>();
  // Every worker waits on the one interrupt signal: more listeners than Node's default warns of.
  if (io.signal) setMaxListeners(WORKERS * 4, io.signal);
  const make = async (request: CreateKeyRequest): Promise<EnsuredKey> => {
    const pace = async () => {
      await pacer.turn(io.signal);
      inFlight.add(request.Alias);
    };
    const context = { ...session.context, pace };
    return options.ifNotExists
      ? ensureKey(request, context)
      : { ...(await createKeyReliably(request, context)), created: true };
  };

  const interruptedAliases: string[] = [];
  io.signal?.addEventListener('abort', () => interruptedAliases.push(...inFlight), { once: true });

  async function run(job: Job): Promise<string> {
    if (job.problems.length > 0) throw new UsageError(job.problems);
    const { key, created } = await make(job.request).finally(() =>
      inFlight.delete(job.request.Alias),
    );
    tally[created ? 'created' : 'existed'] += 1;
    if (key.TagCode !== 0) tally.exitCodes.push(EXIT.partial);
    return JSON.stringify({
      ...key,
      ...(options.ifNotExists ? { Created: created } : {}),
      Line: job.line,
    });
  }

  async function worker(): Promise<void> {
    while (taken < jobs.length && !io.signal?.aborted) {
      const index = taken++;
      const job = jobs[index]!;
      results[index] = await run(job).catch((error: unknown) => {
        const failure = asKmsError(error);
        tally.failed += 1;
        tally.exitCodes.push(failure.exitCode);
        return errorLine(
          failure instanceof KmsError ? explainFailure(failure, settings) : failure,
          job,
        );
      });
      for (; results[flushed] !== undefined; flushed += 1) io.stdout.write(`${results[flushed]}\n`);
      progress.update();
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.min(WORKERS, jobs.length) }, worker));
  } finally {
    progress.done();
    await session.close();
  }
  if (io.signal?.aborted) throw batchInterrupted(interruptedAliases);
  return SEVERITY.find((code) => tally.exitCodes.includes(code)) ?? EXIT.ok;
}

function startProgress(io: CliIO, total: number, tally: Tally) {
  const started = io.now();
  const status = () => {
    const done = tally.created + tally.existed + tally.failed;
    const seconds = Math.max((io.now() - started) / 1000, 0.001);
    const existed = tally.existed ? `, ${tally.existed} already existed` : '';
    return `${done}/${total} lines: ${tally.created} created${existed}, ${tally.failed} failed in ${seconds.toFixed(2)} s (${(done / seconds).toFixed(0)}/s)`;
  };
  let shown = 0;
  return {
    update() {
      if (!io.stderr.isTTY || io.now() - shown < 100) return;
      shown = io.now();
      io.stderr.write(`\r\u001b[Kkms: batch: ${status()}`);
    },
    done() {
      io.stderr.write(`${io.stderr.isTTY ? '\r\u001b[K' : ''}kms: batch: ${status()}\n`);
    },
  };
}
