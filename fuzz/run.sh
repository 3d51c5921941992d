#!/usr/bin/env bash
# Long fuzz runs with the in-repo harness (fuzz/harness.rs): one process per target.
#   fuzz/run.sh [SECONDS] [SEED] [TARGETS...]   (defaults: 600 s, seed 42, all four targets)
#   PROFILE=release fuzz/run.sh 3600            (faster executions, longer build)
# Failing inputs are written to fuzz/crashes/; the summary line per target gives executions
# and time. Copy a fixed crash into fuzz/regressions/<target>/ so the smoke test replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
seed=${2:-42}
shift $(( $# > 2 ? 2 : $# )) || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(layout tokens pipeline lsp docx)
flags=()
[ "${PROFILE:-dev}" = release ] && flags=(--release)
bin=$(cargo test "${flags[@]}" --test fuzz_smoke --no-run --message-format=json 2>/dev/null \
  | sed -n 's/.*"executable":"\([^"]*fuzz_smoke[^"]*\)".*/\1/p' | tail -1)
mkdir -p fuzz/logs
for t in "${targets[@]}"; do
  FUZZ_TARGET=$t FUZZ_SECS=$secs FUZZ_SEED=$seed nice -n 10 "$bin" --ignored --nocapture long_run \
    >"fuzz/logs/$t.log" 2>&1 &
done
wait || true
grep -h "^fuzz target=\|FAIL" fuzz/logs/*.log
