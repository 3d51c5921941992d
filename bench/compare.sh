#!/usr/bin/env bash
# Times doisoat against two general-purpose prose linters on the same files and prints the
# ratios: textlint (npm; rules sentence-length, max-comma, no-todo) and proselint (PyPI).
#   bench/compare.sh [FILES_OR_DIR...]   (default: ../shared/corpus and examples/)
# Installs the tools when missing: needs network access to registry.npmjs.org and pypi.org.
# Tools go to $DOISOAT_COMPARE_TOOLS (default ~/.cache/doisoat-compare); proselint via pip.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=${DOISOAT_COMPARE_TOOLS:-$HOME/.cache/doisoat-compare}
mkdir -p "$tools"
if [ ! -x "$tools/node_modules/.bin/textlint" ]; then
  echo "installing textlint into $tools (npm)…" >&2
  (cd "$tools" && npm install --silent --no-audit --no-fund textlint \
    textlint-rule-sentence-length textlint-rule-max-comma textlint-rule-no-todo)
fi
cat >"$tools/.textlintrc.json" <<'JSON'
{ "rules": { "sentence-length": { "max": 200 }, "max-comma": { "max": 8 }, "no-todo": true } }
JSON
if ! command -v proselint >/dev/null; then
  echo "installing proselint (pip)…" >&2
  pip install --quiet proselint
fi
cargo build --release --quiet

files=()
if [ $# -eq 0 ]; then set -- ../shared/corpus examples; fi
for a in "$@"; do
  if [ -d "$a" ]; then
    while IFS= read -r f; do files+=("$f"); done < <(find "$a" -maxdepth 1 -type f \( -name '*.txt' -o -name '*.md' \) ! -name README.md | sort)
  else
    files+=("$a")
  fi
done
bytes=$(cat "${files[@]}" | wc -c)
echo "${#files[@]} files, $bytes bytes"

secs() { # command… → wall seconds (exit status ignored: linters exit non-zero on findings)
  local s e
  s=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  e=$(date +%s.%N)
  echo "$e - $s" | bc -l
}
t_doisoat=$(secs target/release/doisoat check "${files[@]}")
abs=()
for f in "${files[@]}"; do abs+=("$(realpath "$f")"); done
# textlint resolves its rules from the working directory's node_modules.
t_textlint=$(cd "$tools" && secs ./node_modules/.bin/textlint --config .textlintrc.json "${abs[@]}")
t_proselint=$(secs sh -c 'for f in "$@"; do proselint "$f"; done' sh "${files[@]}")
printf "%-10s %8.3f s  %8.2f MB/s\n" doisoat "$t_doisoat" "$(echo "$bytes/1048576/$t_doisoat" | bc -l)"
printf "%-10s %8.3f s  %8.2f MB/s  %7.1f× doisoat's time\n" textlint "$t_textlint" "$(echo "$bytes/1048576/$t_textlint" | bc -l)" "$(echo "$t_textlint/$t_doisoat" | bc -l)"
printf "%-10s %8.3f s  %8.2f MB/s  %7.1f× doisoat's time\n" proselint "$t_proselint" "$(echo "$bytes/1048576/$t_proselint" | bc -l)" "$(echo "$t_proselint/$t_doisoat" | bc -l)"
