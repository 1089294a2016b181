/** A shell script listing a container's processes as `pid state cmdline` (the images have no ps). */
export const PROCESS_LISTING = `for d in /proc/[0-9]*; do c=$(tr '\\000' ' ' < $d/cmdline 2>/dev/null); s=$(cut -d' ' -f3 $d/stat 2>/dev/null); [ -n "$c" ] && echo "\${d#/proc/} $s $c"; done`;
