#!/usr/bin/env bash
# Checks what `pnpm publish` would ship, for every publishable package, without building anything
# (run it after the packages are built): packs each one as publishing would (pnpm rewrites the
# `workspace:` ranges), then on the tarball runs publint (package.json against the files),
# attw (the types resolve for node10, node16 and bundlers; ESM-only is intended, so the
# "ESM from CommonJS" notice is not a failure) and a content check (README, LICENSE, the
# entry point, no tests). Prints one line per package and a summary; exits 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=node_modules/.bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mapfile -t dirs < <(node -e '
  const { readdirSync, readFileSync, existsSync } = require("node:fs");
  for (const root of ["packages", "examples"]) for (const name of readdirSync(root).sort()) {
    const file = `${root}/${name}/package.json`;
    if (existsSync(file) && !JSON.parse(readFileSync(file, "utf8")).private) console.log(`${root}/${name}`);
  }')

# check_package DIR: writes the package's findings to $work/<slug>.log; exit status 0 = clean.
check_package() {
  local dir=$1 slug=${1//\//_} problems=0
  local log="$work/$slug.log" dest="$work/$slug"
  mkdir -p "$dest"
  if ! (cd "$dir" && pnpm pack --pack-destination "$dest" >/dev/null 2>"$log"); then
    echo "pack failed" >>"$log"
    return 1
  fi
  local tarball
  tarball=$(ls "$dest"/*.tgz)
  "$bin/publint" run "$tarball" --strict >"$dest/publint.txt" 2>&1 || { problems=1; cat "$dest/publint.txt" >>"$log"; }
  "$bin/attw" "$tarball" --profile esm-only --format ascii --no-emoji --no-color >"$dest/attw.txt" 2>&1 ||
    { problems=1; cat "$dest/attw.txt" >>"$log"; }
  local listing
  listing=$(tar tzf "$tarball")
  for required in package/package.json package/README.md package/LICENSE package/dist/index.js package/dist/index.d.ts; do
    grep -qx "$required" <<<"$listing" || { problems=1; echo "tarball lacks ${required#package/}" >>"$log"; }
  done
  if grep -E '\.test\.(ts|js)$' <<<"$listing" >>"$log"; then problems=1; echo "tarball ships the tests above" >>"$log"; fi
  echo "$(grep -c . <<<"$listing") files" >"$dest/size.txt"
  return $problems
}
export -f check_package
export work bin

start=$SECONDS
# Two at a time: the machines have 2 cores.
printf '%s\n' "${dirs[@]}" | xargs -P 2 -I{} bash -c 'check_package "$1" && touch "$work/${1//\//_}.ok"; exit 0' _ {}

failed=0
for dir in "${dirs[@]}"; do
  slug=${dir//\//_}
  if [ -e "$work/$slug.ok" ]; then
    printf '  ok      %-28s %s\n' "$dir" "$(cat "$work/$slug/size.txt")"
  else
    failed=$((failed + 1))
    printf '  FAILED  %s\n' "$dir"
    sed 's/^/          /' "$work/$slug.log"
  fi
done
echo "package checks: ${#dirs[@]} packages, $failed failed, $((SECONDS - start))s (publint, attw --profile esm-only, tarball contents)"
[ "$failed" = 0 ]
