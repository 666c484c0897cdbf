// A spinner on stderr while a request is out, only for a person at a terminal. ora costs about
// as much to load as Node's own start, so it is imported only when it will show.
import type { Stream } from './color.js';

export interface Spinner {
  stop(): void;
}

const NO_SPINNER: Spinner = { stop() {} };

export async function startSpinner(
  text: string,
  stream: Stream & { columns?: number },
  enabled: boolean,
): Promise<Spinner> {
  // A terminal that reports no width (some pseudo-terminals) sends ora into an endless redraw.
  if (!enabled || !stream.isTTY || !stream.columns) return NO_SPINNER;
  const { default: ora } = await import('ora');
  const spinner = ora({
    text,
    stream: stream as NodeJS.WritableStream,
    isEnabled: true,
    discardStdin: false,
  }).start();

  return { stop: () => spinner.stop() };
}
