# Shared helpers for the set-up and test scripts: timed stages with a summary at the end.
STAGE_SUMMARY=()

# stage NAME COMMAND...: runs a command, prints how long it took, remembers it for the summary.
stage() {
  local name="$1"; shift
  local start=$SECONDS
  echo "==> [$name]" >&2
  "$@"
  local took=$((SECONDS - start))
  STAGE_SUMMARY+=("$(printf '%-28s %5ss' "$name" "$took")")
  echo "==> [$name] done in ${took}s" >&2
}

print_stage_summary() {
  echo "---- stage durations ----" >&2
  printf '%s\n' "${STAGE_SUMMARY[@]}" >&2
}
