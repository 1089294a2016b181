import type { Rule } from './families.js';

// Regexes run on code without comments, strings included. `(?<![\w.]|->)` keeps method calls
// of other objects (`re.compile`, `x->system`) out; `\s*\.\s*` allows the spaces parsers allow.

export const SHELL: Rule = {
  description: 'Runs a shell command or another program',
  code: {
    python: [
      String.raw`\bos\s*\.\s*(?:system|popen|exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?|startfile)\s*\(`,
      String.raw`\bsubprocess\s*\.\s*(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)\s*\(`,
      String.raw`\bpty\s*\.\s*spawn\s*\(`,
    ],
    js: [
      String.raw`\bchild_process\b`,
      String.raw`(?<![\w$.])(?:execSync|execFileSync|spawnSync|execFile|spawn)\s*\(`,
      String.raw`\b(?:Deno\s*\.\s*(?:run|Command)|Bun\s*\.\s*spawn(?:Sync)?)\b`,
    ],
    java: [String.raw`\bRuntime\s*\.\s*getRuntime\s*\(\s*\)\s*\.\s*exec\s*\(`, String.raw`\bProcessBuilder\b`],
    cpp: [
      String.raw`(?<![\w.]|->)(?:system|popen|_popen|wsystem)\s*\(`,
      String.raw`(?<![\w.]|->)(?:execl|execlp|execle|execv|execvp|execvpe|execve|fexecve|posix_spawnp?)\s*\(`,
    ],
    go: [
      String.raw`\bexec\s*\.\s*Command(?:Context)?\s*\(`,
      String.raw`\b(?:syscall\s*\.\s*(?:Exec|ForkExec|StartProcess)|os\s*\.\s*StartProcess)\s*\(`,
    ],
    ruby: [
      String.raw`(?<![\w.:])(?:system|exec|spawn)\b(?=\s*[(\['"%]|\s+\w)`,
      String.raw`\b(?:IO\s*\.\s*popen|Open3|PTY\s*\.\s*spawn|Kernel\s*\.\s*(?:system|exec|spawn))\b`,
    ],
    r: [String.raw`(?<![\w.])(?:system|system2|shell|shell\.exec|pipe)\s*\(`, String.raw`\b(?:processx|sys|callr)\s*::`],
  },
  // Ruby's backticks and %x run their text as a shell command.
  anywhere: { ruby: [String.raw`${'`'}[^${'`'}\n]+${'`'}|%x[^\w\s]`] },
};

export const DESTRUCTIVE_COMMAND: Rule = {
  description: 'Destroys the file system or disks (rm -rf /, mkfs, dd to a device, fork bomb)',
  anywhere: {
    any: [
      String.raw`\brm\s+(?:-{1,2}[\w-]+\s+)*['"]?(?:/\*?(?=[\s'";)]|$)|~/?(?=[\s'";)]|$)|\$HOME\b)`,
      String.raw`\bmkfs(?:\.\w+)?\s`,
      // dd onto a device; the bit bucket and the standard streams (`of=/dev/null`) are harmless sinks.
      String.raw`\bdd\s+[^\n]*\bof=/dev/(?!(?:null|zero|stdout|stderr)(?![\w./-]))`,
      String.raw`:\s*\(\s*\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:`,
      String.raw`\bformat\s+[A-Za-z]:[/\\]`,
    ],
  },
};

export const HOST_ACCESS: Rule = {
  description: "Reaches for the container engine or the host kernel's interfaces",
  anywhere: {
    any: [
      String.raw`docker\.sock|containerd\.sock|podman\.sock`,
      String.raw`/proc/(?:sysrq-trigger|kcore|kmsg)|/dev/(?:mem|kmem|port)\b|/sys/kernel/|/sys/fs/cgroup/`,
      String.raw`\bnsenter\b|\bmount\s+-|\bchroot\s+/|\binsmod\b|\bmodprobe\b`,
    ],
  },
};

export const FILE_DELETE: Rule = {
  description: 'Deletes files or directories',
  code: {
    python: [
      String.raw`\bos\s*\.\s*(?:remove|unlink|rmdir|removedirs)\s*\(`,
      String.raw`\bshutil\s*\.\s*rmtree\s*\(`,
      String.raw`\.\s*(?:unlink|rmdir)\s*\(`,
    ],
    js: [
      String.raw`\bfs(?:\s*\.\s*promises)?\s*\.\s*(?:rm|rmSync|rmdir|rmdirSync|unlink|unlinkSync)\s*\(`,
      String.raw`(?<![\w$.])(?:rmSync|rmdirSync|unlinkSync)\s*\(`,
    ],
    java: [String.raw`\bFiles\s*\.\s*(?:delete|deleteIfExists)\s*\(`, String.raw`\.\s*delete(?:OnExit)?\s*\(\s*\)`],
    cpp: [
      String.raw`\b(?:fs|filesystem)\s*::\s*remove(?:_all)?\s*\(`,
      String.raw`(?<![\w.:]|->)(?:unlink|unlinkat|rmdir)\s*\(`,
      String.raw`(?<![\w.]|->)(?:std\s*::\s*)?remove\s*\(\s*"`,
    ],
    go: [String.raw`\bos\s*\.\s*(?:Remove|RemoveAll)\s*\(`],
    ruby: [
      String.raw`\bFileUtils\s*\.\s*(?:rm|rm_r|rm_rf|rm_f|remove|remove_dir|remove_entry|remove_entry_secure|rmdir|rmtree)\b`,
      String.raw`\b(?:File|Dir)\s*\.\s*(?:delete|unlink|rmdir)\b`,
    ],
    r: [String.raw`(?<![\w.])(?:unlink|file\.remove)\s*\(`],
  },
};

export const EVAL: Rule = {
  description: 'Evaluates code built at run time',
  code: {
    python: [String.raw`(?<![\w.])(?:eval|exec|compile)\s*\(`],
    js: [
      String.raw`(?<![\w$.])(?:eval|Function)\s*\(`,
      String.raw`\bvm\s*\.\s*(?:runIn\w*|Script|compileFunction)\b`,
      String.raw`(?<![\w$.])(?:setTimeout|setInterval)\s*\(\s*['"${'`'}]`,
    ],
    java: [String.raw`\bScriptEngine(?:Manager)?\b|\bjavax\s*\.\s*script\b|\bToolProvider\s*\.\s*getSystemJavaCompiler\b`],
    ruby: [
      String.raw`(?<![\w.:])(?:eval|instance_eval|class_eval|module_eval|instance_exec|class_exec)\b`,
      String.raw`\bbinding\s*\.\s*eval\b|\b(?:send|public_send|__send__)\s*\(?\s*:(?:system|exec|eval|spawn)\b`,
    ],
    r: [
      String.raw`(?<![\w.])(?:eval|evalq)\s*\(\s*(?:parse|str2lang|str2expression)\s*\(`,
      String.raw`(?<![\w.])(?:parse\s*\(\s*text\s*=|str2lang\s*\(|str2expression\s*\()`,
    ],
  },
};
