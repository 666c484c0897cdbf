// Reads hyperfine's --export-json file and prints a markdown table of medians, each as a ratio
// to the bare Node start (`node -e 0`) and to the official SDK doing the same CreateKey.
//
//   node bench/report.mjs RESULTS.json
//
// Only medians from this one file are compared: the machine is noisy, so absolute times from
// different runs are not comparable, ratios within one run are.
import { readFileSync } from 'node:fs';

const BASELINE = 'node -e 0';
const SDK_PREFIX = 'node bench/sdk-create-key.mjs';

function fail(message) {
  process.stderr.write(`report: ${message}\n`);
  process.exit(1);
}

const file = process.argv[2];
if (!file) fail('usage: node bench/report.mjs RESULTS.json');

const { results } = JSON.parse(readFileSync(file, 'utf8'));
if (!Array.isArray(results) || results.length === 0) fail(`no results in ${file}`);

for (const result of results) {
  if (typeof result.median !== 'number' || !(result.median > 0)) {
    fail(`no usable median for "${result.command}" in ${file}`);
  }
  const failed = (result.exit_codes ?? []).filter((code) => code !== 0);
  if (failed.length > 0) fail(`"${result.command}" exited non-zero ${failed.length} times`);
}

const baseline = results.find((result) => result.command === BASELINE);
const sdk = results.find((result) => result.command.startsWith(SDK_PREFIX));
if (!baseline) fail(`no "${BASELINE}" row in ${file}`);
if (!sdk) fail(`no "${SDK_PREFIX} ..." row in ${file}`);

const ms = (seconds) => (seconds * 1000).toFixed(1);
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
const cell = (text) => text.replaceAll('|', '\\|');

const rows = results.map((result) => [
  `\`${cell(result.command)}\``,
  ms(result.median),
  ratio(result.median, baseline.median),
  ratio(result.median, sdk.median),
]);
const header = ['command', 'median (ms)', 'vs `node -e 0`', 'vs SDK script'];

const runs = results[0].times?.length ?? '?';
process.stdout.write(`\nMedians of ${runs} runs each, from one hyperfine run:\n\n`);
process.stdout.write(`| ${header.join(' | ')} |\n`);
process.stdout.write(
  `|${header.map((_, index) => (index === 0 ? ' --- ' : ' ---: ')).join('|')}|\n`,
);
for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`);
