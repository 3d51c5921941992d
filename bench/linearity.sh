#!/usr/bin/env bash
# Times `doisoat check` on each hostile input at 1× and 10× its size (release build) and
# prints the time ratio (≈10 when linear; flagged above 15) and peak memory against the
# budget 4 × input size + 64 MB.
#   bench/linearity.sh [SCALE_LOW] [SCALE_HIGH]     (defaults 1 10; the 10× report is 100 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
lo=${1:-1}
hi=${2:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo build --release --quiet
cargo bench --quiet --bench hostile -- "$tmp/lo" "$lo" >/dev/null
cargo bench --quiet --bench hostile -- "$tmp/hi" "$hi" >/dev/null
bin=target/release/doisoat
measure() { # file → "seconds kilobytes"
  /usr/bin/time -f "%e %M" "$bin" check --format json "$1" >/dev/null 2>"$tmp/time" || true
  tail -1 "$tmp/time"
}
printf "%-12s %10s %8s %10s %8s %7s %9s %9s %s\n" case size_lo t_lo size_hi t_hi ratio peak_MB budget_MB flag
for f in "$tmp"/lo/*.txt; do
  name=$(basename "$f" .txt)
  g="$tmp/hi/$name.txt"
  read -r t1 m1 < <(measure "$f")
  read -r t2 m2 < <(measure "$g")
  s1=$(stat -c %s "$f"); s2=$(stat -c %s "$g")
  awk -v n="$name" -v s1="$s1" -v s2="$s2" -v t1="$t1" -v t2="$t2" -v m2="$m2" 'BEGIN {
    r = (t1 > 0.005) ? t2 / t1 : 0; budget = (4 * s2 + 64 * 1048576) / 1048576; peak = m2 / 1024
    flag = ""
    if (r > 15) flag = flag "SUPERLINEAR "
    if (r == 0) flag = flag "(1x too fast to time) "
    if (peak > budget) flag = flag "OVER-MEMORY"
    printf "%-12s %9.1fM %7.2fs %9.1fM %7.2fs %7.1f %9.0f %9.0f %s\n", n, s1/1048576, t1, s2/1048576, t2, r, peak, budget, flag }'
done
