// Small text helpers shared by the CLI's messages and the config checks.

/** Edit distance between two strings (Levenshtein), for "did you mean" suggestions. */
export function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The candidate nearest to `value`, if it is near enough to be a likely slip. */
export function closest(value: string, candidates: readonly string[]): string | undefined {
  const [best] = [...candidates].sort((a, b) => distance(value, a) - distance(value, b));
  const tolerance = Math.max(2, Math.floor(value.length / 4));
  return best !== undefined && distance(value, best) <= tolerance ? best : undefined;
}

/**
 * A JSON.parse failure without the input V8 quotes in its message ("Unexpected token 'S',
 * "{"secretKey": S..." is not valid JSON"): a file that fails to parse may hold a secret.
 */
export function jsonFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/, ".*" is not valid JSON$/s, ' in the JSON')
    .replace(/^Unexpected token '.'/, 'Unexpected token')
    .replace(/ while parsing .*$/s, '');
}
