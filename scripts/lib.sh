# Shared helpers for the set-up and test scripts: timed stages with a summary at the end.
STAGE_SUMMARY=()

# stage NAME COMMAND...: runs a command, prints how long it took, remembers it for the summary,
# and returns the command's exit status (explicitly: `set -e` does not apply inside `stage ... ||`).
stage() {
  local name="$1"; shift
  local start=$SECONDS status=0
  echo "==> [$name]" >&2
  "$@" || status=$?
  local took=$((SECONDS - start))
  STAGE_SUMMARY+=("$(printf '%-32s %5ss%s' "$name" "$took" "$([ $status = 0 ] || echo "  FAILED (exit $status)")")")
  echo "==> [$name] done in ${took}s (exit $status)" >&2
  return $status
}

print_stage_summary() {
  echo "---- stage durations ----" >&2
  printf '%s\n' "${STAGE_SUMMARY[@]}" >&2
}
