#!/usr/bin/env bash
# Benchmarks the kms CLI against the bare Node start and against Tencent's official SDK, all
# talking to a local `kms emulator`. Run it as `npm run bench` (which builds first).
# BENCH_RUNS sets the number of timed runs per command (default 30). See bench/README.md.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS="${BENCH_RUNS:-30}"
MEMORY_RUNS=5

die() {
  printf 'bench: %s\n' "$*" >&2
  exit 1
}

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive whole number, not \"$RUNS\""
command -v hyperfine >/dev/null ||
  die "hyperfine is not installed: install it with \`apt-get install hyperfine\`"
[[ -x /usr/bin/time ]] && /usr/bin/time --version 2>&1 | grep -q 'GNU' ||
  die "GNU time (/usr/bin/time) is not installed: install it with \`apt-get install time\`"
[[ -d dist ]] || die "dist/ is missing: run \`npm run build\` first"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/kms-bench.XXXXXX")"
EMULATOR_PID=""

cleanup() {
  if [[ -n "$EMULATOR_PID" ]]; then
    kill "$EMULATOR_PID" 2>/dev/null || true
    wait "$EMULATOR_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the emulator ---------------------------------------------------------------------------

node bin/kms.js emulator --port 0 >"$TMP/emulator.out" 2>"$TMP/emulator.err" &
EMULATOR_PID=$!

URL=""
for _ in $(seq 1 100); do
  # Wait for a whole first line (ending in a newline), then insist on its exact form.
  if [[ "$(wc -l <"$TMP/emulator.out")" -ge 1 ]]; then
    first_line="$(head -n 1 "$TMP/emulator.out")"
    [[ "$first_line" =~ ^KMS\ emulator\ listening\ on\ (http://127\.0\.0\.1:([0-9]+))$ ]] ||
      die "unexpected first line from the emulator: $first_line"
    URL="${BASH_REMATCH[1]}"
    PORT="${BASH_REMATCH[2]}"
    break
  fi
  if ! kill -0 "$EMULATOR_PID" 2>/dev/null; then
    cat "$TMP/emulator.err" >&2
    die "the emulator exited before it was listening"
  fi
  sleep 0.1
done
[[ -n "$URL" ]] || die "the emulator did not print its URL within 10 s (got: $(head -n 1 "$TMP/emulator.out"))"
echo "Emulator: $URL"

export TENCENTCLOUD_SECRET_ID=AKIDkmsEmulatorTestId000000000000000
export TENCENTCLOUD_SECRET_KEY=kmsEmulatorTestKey00000000000000
export TENCENTCLOUD_REGION=ap-guangzhou
export KMS_BENCH_PORT="$PORT"

# --- the commands ---------------------------------------------------------------------------
# The emulator refuses an alias it has seen, so the create-key commands take a fresh alias on
# every run from bash's $RANDOM. That needs a shell, so every command runs under bash alike and
# hyperfine subtracts the shell's own start-up. No redirections in the commands: bash then
# execs node directly (hyperfine already sends the output to /dev/null).
FRESH='$RANDOM$RANDOM$RANDOM'
NAMES=(
  "node -e 0"
  "node bin/kms.js --version"
  "node bin/kms.js create-key --help"
  "node bin/kms.js create-key --alias bench-<fresh> --endpoint <emulator> --json"
  "node bench/sdk-create-key.mjs sdk-<fresh> <port>"
)
COMMANDS=(
  "node -e 0"
  "node bin/kms.js --version"
  "node bin/kms.js create-key --help"
  "node bin/kms.js create-key --alias bench-$FRESH --endpoint $URL --json"
  "node bench/sdk-create-key.mjs sdk-$FRESH $PORT"
)

# One visible run of each first, so a broken command shows its own error message.
echo "Checking each command once..."
for i in "${!COMMANDS[@]}"; do
  if ! bash -c "${COMMANDS[$i]}" >"$TMP/check.out" 2>"$TMP/check.err"; then
    cat "$TMP/check.out" "$TMP/check.err" >&2
    die "this command failed: ${COMMANDS[$i]}"
  fi
done

# --- timing: one hyperfine run ----------------------------------------------------------------

HYPERFINE_ARGS=(--warmup 3 --runs "$RUNS" --shell=bash --export-json "$TMP/hyperfine.json")
for i in "${!COMMANDS[@]}"; do
  HYPERFINE_ARGS+=(--command-name "${NAMES[$i]}" "${COMMANDS[$i]}")
done
echo
hyperfine "${HYPERFINE_ARGS[@]}"

node bench/report.mjs "$TMP/hyperfine.json"

# --- peak memory ------------------------------------------------------------------------------

# Median over MEMORY_RUNS runs of GNU time's "Maximum resident set size (kbytes)".
max_rss_median() {
  local values=() i
  for i in $(seq 1 "$MEMORY_RUNS"); do
    local argv=("$@")
    argv=("${argv[@]//@FRESH@/$RANDOM$RANDOM$RANDOM}")
    if ! /usr/bin/time -v -o "$TMP/time.txt" "${argv[@]}" >"$TMP/mem.out" 2>"$TMP/mem.err"; then
      cat "$TMP/mem.out" "$TMP/mem.err" "$TMP/time.txt" >&2
      die "this command failed under /usr/bin/time: ${argv[*]}"
    fi
    values+=("$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$TMP/time.txt")")
    [[ "${values[-1]}" =~ ^[0-9]+$ ]] || die "no maximum resident set size in: $(cat "$TMP/time.txt")"
  done
  printf '%s\n' "${values[@]}" | sort -n | sed -n "$(((MEMORY_RUNS + 1) / 2))p"
}

echo
echo "Peak memory (median of $MEMORY_RUNS runs of /usr/bin/time -v, maximum resident set size):"
rss_kms="$(max_rss_median node bin/kms.js create-key --alias mem-@FRESH@ --endpoint "$URL" --json)"
rss_node="$(max_rss_median node -e 0)"
awk -v kms="$rss_kms" -v base="$rss_node" 'BEGIN {
  printf "  kms create-key (fresh alias): %6.1f MiB (%d KiB)\n", kms / 1024, kms
  printf "  node -e 0:                    %6.1f MiB (%d KiB)\n", base / 1024, base
  printf "  ratio:                        %6.2f×\n", kms / base
}'

# --- a batch of 300 keys ----------------------------------------------------------------------

# One --batch of 300 fresh aliases, timed whole (the target: at most 3.5 s at the service's
# 100 CreateKey calls a second), and the throttles the emulator answered during it.
echo
BATCH_SIZE=300
batch_tag="batch-$RANDOM$RANDOM"
for i in $(seq 1 "$BATCH_SIZE"); do printf '{"Alias":"%s-%d"}\n' "$batch_tag" "$i"; done >"$TMP/batch.ndjson"
throttled_so_far() { node -e "fetch('$URL/_emulator/calls').then((r) => r.json()).then((d) => console.log(d.calls.filter((c) => c.action === 'CreateKey' && c.code !== 'ok').length))"; }
throttled_before="$(throttled_so_far)"
start_ns="$(date +%s%N)"
node bin/kms.js create-key --batch "$TMP/batch.ndjson" --endpoint "$URL" >"$TMP/batch.out" 2>"$TMP/batch.err" ||
  { cat "$TMP/batch.err" >&2; die "the batch failed"; }
elapsed_ms=$((($(date +%s%N) - start_ns) / 1000000))
throttled=$(($(throttled_so_far) - throttled_before))
echo "Batch of $BATCH_SIZE keys: $((elapsed_ms / 1000)).$(printf '%03d' $((elapsed_ms % 1000))) s wall, $(wc -l <"$TMP/batch.out") result lines, $throttled CreateKey calls throttled by the emulator"
sed 's/^/  /' "$TMP/batch.err"

# --- what the emulator saw ----------------------------------------------------------------------

echo
node --input-type=module - "$URL" <<'EOF'
const url = process.argv[2];
const { calls } = await (await fetch(`${url}/_emulator/calls`)).json();
const counts = new Map();
for (const { action, code } of calls) {
  const key = `${action || '-'} -> ${code}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
console.log(`The emulator answered ${calls.length} calls:`);
for (const [key, count] of counts) console.log(`  ${count} × ${key}`);
// Throttling is expected under the batch (and retried there); anything else is a failure.
if ([...counts.keys()].some((key) => !key.endsWith('-> ok') && !key.includes('RequestLimitExceeded'))) {
  console.error('bench: the emulator refused some calls');
  process.exit(1);
}
EOF
