#!/usr/bin/env bash
# The API report of each entry point (api/<entry>.api.md, from the built .d.ts by API Extractor).
# `check` fails when the public surface differs from the checked-in report; `update` rewrites the reports, to commit
# with the change that made them differ, so every change of the public API is a visible decision.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-check}"
flags=()
[[ "$mode" == "update" ]] && flags=(--local)
status=0
for entry in index client testing; do
  if ! npx api-extractor run "${flags[@]}" -c "api/${entry}.api-extractor.json"; then
    status=1
  fi
done
if [[ "$status" != 0 && "$mode" == "check" ]]; then
  echo "api-report: the public API differs from api/*.api.md: run 'npm run api:update' and commit the reports" >&2
fi
exit "$status"
