/**
 * A POSIX `sh` script that kills every process started by one exec and confirms they are gone.
 * Processes are found by the marker variable each exec carries in its environment, so ones that
 * called `setsid` (left the process group) are found too. When the caller is not root, every
 * process of its user is killed as well (`kill -1`, only when `$2` is `all`: the backend created
 * the sandbox and its main process belongs to another user), which also catches processes that
 * cleared their environment; that needs no capability, and only shell builtins, so it works
 * after a fork bomb filled the pids limit. Zombies have an empty environ and never match.
 *
 * Run it as the same user as the exec it kills: `sh -c KILL_SCRIPT llmsb MARKER [all]`.
 * Exits 0 once nothing is left, 1 if processes survive about 5 s of attempts.
 */
export const EXEC_MARKER_VARIABLE = 'LLMSB_EXEC_ID';

/**
 * PATH for the library's own helper scripts: root-owned system folders only, so code in the
 * sandbox cannot shadow `tar`, `grep` or `id` (its user owns e.g. the Python venv's bin folder).
 */
export const SYSTEM_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';

export const KILL_SCRIPT = `
PATH=${SYSTEM_PATH}
marker="${EXEC_MARKER_VARIABLE}=$1"
self=$$
all=0; [ "$2" = all ] && ! [ -O / ] && all=1
attempt=0
while [ $attempt -lt 100 ]; do
  left=0
  if [ $all = 1 ]; then
    # Shell builtins only: after a fork bomb there is no room to start another process.
    kill -9 -1 2>/dev/null
    for dir in /proc/[0-9]*; do
      [ "\${dir#/proc/}" = "$self" ] && continue
      [ -O "$dir" ] && left=1
    done
  else
    for dir in /proc/[0-9]*; do
      pid=\${dir#/proc/}
      [ "$pid" = "$self" ] && continue
      if tr '\\000' '\\n' < "$dir/environ" 2>/dev/null | grep -qxF "$marker"; then
        kill -9 "$pid" 2>/dev/null && left=1
      fi
    done
  fi
  [ $left = 0 ] && exit 0
  attempt=$((attempt + 1))
  sleep 0.1 2>/dev/null
done
exit 1
`;
