#!/usr/bin/env bash
# Runs the fuzz targets one after the other (all of them, or those named), each for
# FUZZ_SECONDS (default 600) under nice, with the seed corpus of seeds/<target>/ and a
# working corpus in corpus/<target>/ (not committed). Logs go to logs/<target>.log and one
# line per target to logs/summary.tsv: executions, exec/s, cov, ft, corpus, findings.
# Needs cargo-fuzz and the nightly toolchain: cargo install cargo-fuzz --locked
# Findings are written to artifacts/<target>/ (reproduce: cargo +nightly fuzz run -s none
# <target> artifacts/<target>/<file>).
set -uo pipefail
cd "$(dirname "$0")"
secs="${FUZZ_SECONDS:-600}"
# Safe Rust (the crate forbids unsafe): panics, overflows (debug assertions are on),
# timeouts and memory blow-ups are what is looked for, so no sanitizer slows the runs.
fuzz=(cargo +nightly fuzz)
flags=(-s none)
if [ $# -gt 0 ]; then targets=("$@"); else mapfile -t targets < <("${fuzz[@]}" list); fi
mkdir -p logs
nice -n 19 "${fuzz[@]}" build "${flags[@]}" >logs/build.log 2>&1 || { tail -30 logs/build.log; exit 1; }
[ -s logs/summary.tsv ] || printf 'target\tseconds\texecs\texec_per_s\tcov\tft\tcorpus\tfindings\n' >logs/summary.tsv
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  start=$(date +%s)
  # A target without seeds starts from an empty corpus (libFuzzer refuses a missing dir).
  dirs=("corpus/$t")
  [ -d "seeds/$t" ] && dirs+=("seeds/$t")
  nice -n 19 "${fuzz[@]}" run "${flags[@]}" "$t" "${dirs[@]}" -- \
    -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    >"logs/$t.log" 2>&1
  rc=$?
  took=$(( $(date +%s) - start ))
  log="logs/$t.log"
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corp=$(ls "corpus/$t" | wc -l)
  findings=none
  grep -q 'panicked at\|deadly signal\|ERROR: libFuzzer' "$log" && findings=crash
  grep -q 'ALARM: working on the last Unit' "$log" && findings=timeout
  grep -q 'out-of-memory' "$log" && findings=oom
  [ "$rc" -ne 0 ] && [ "$findings" = none ] && findings="exit-$rc"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$took" "${execs:-?}" "${eps:-?}" \
    "${cov:-?}" "${ft:-?}" "$corp" "$findings" >>logs/summary.tsv
done
column -t -s $'\t' logs/summary.tsv
