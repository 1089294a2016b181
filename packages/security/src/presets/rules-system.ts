import type { Rule } from './families.js';

export const PROCESS_CONTROL: Rule = {
  description: 'Forks, signals or detaches processes that may outlive the run',
  code: {
    python: [String.raw`\bos\s*\.\s*(?:fork|forkpty|setsid|kill|killpg|daemon)\s*\(`],
    js: [String.raw`\bprocess\s*\.\s*kill\s*\(|\bcluster\s*\.\s*fork\b|\bnew\s+Worker\s*\(`],
    java: [String.raw`\bProcessHandle\b`],
    cpp: [String.raw`(?<![\w.:]|->)(?:fork|vfork|clone|clone3|setsid|kill|killpg|daemon)\s*\(`],
    go: [String.raw`\bsyscall\s*\.\s*(?:Fork\w*|Kill|Setsid|RawSyscall)\b`],
    ruby: [String.raw`(?<![\w.:])(?:fork|daemon)\b|\bProcess\s*\.\s*(?:fork|kill|daemon|setsid|detach)\b`],
    r: [String.raw`(?<![\w.])(?:mcparallel|mcfork|pskill)\s*\(|\b(?:parallel|tools)\s*::\s*(?:mcparallel|mcfork|pskill)\b`],
  },
};

export const NATIVE_CODE: Rule = {
  description: 'Loads native code, calls the kernel directly or touches raw memory',
  code: {
    python: [String.raw`\bctypes\b|\bcffi\b|\bCDLL\s*\(`],
    js: [String.raw`\bprocess\s*\.\s*dlopen\b|\bffi-napi\b|\bWebAssembly\s*\.\s*instantiate`],
    java: [String.raw`\bSystem\s*\.\s*load(?:Library)?\s*\(|\bsun\s*\.\s*misc\s*\.\s*Unsafe\b|\bjava\s*\.\s*lang\s*\.\s*foreign\b`],
    cpp: [String.raw`\b(?:asm|__asm__|__asm)\b|(?<![\w.:]|->)(?:syscall|ptrace|mprotect|dlopen|process_vm_writev)\s*\(`],
    go: [String.raw`\bunsafe\s*\.\s*Pointer\b|\bsyscall\s*\.\s*Syscall\d*\b|\bplugin\s*\.\s*Open\b`],
    ruby: [String.raw`\bFiddle\b|(?<![\w.:])syscall\b`],
    r: [
      String.raw`(?<![\w.])(?:dyn\.load|\.C|\.Call|\.External|\.Fortran)\s*\(|\bRcpp\s*::\s*(?:cppFunction|sourceCpp)\b|\binline\s*::\s*cfunction\b`,
    ],
  },
};

export const DESERIALIZE: Rule = {
  description: 'Deserialises data in a format that can run code',
  code: {
    python: [String.raw`\b(?:pickle|cPickle|dill|marshal|shelve)\s*\.\s*(?:loads?|open)\s*\(|\byaml\s*\.\s*(?:unsafe_)?load\s*\(`],
    java: [String.raw`\bObjectInputStream\b|\bXMLDecoder\b`],
    ruby: [String.raw`\bMarshal\s*\.\s*load\b|\b(?:YAML|Psych)\s*\.\s*(?:unsafe_)?load\b`],
    r: [String.raw`(?<![\w.])unserialize\s*\(`],
  },
};

export const REFLECTION: Rule = {
  description: 'Uses reflection or interpreter internals to reach code indirectly',
  code: {
    python: [String.raw`(?<![\w.])(?:getattr|setattr|delattr|globals|locals|vars)\s*\(|\b__(?:builtins|subclasses|globals|code|dict|bases|mro)__\b`],
    js: [String.raw`\bReflect\s*\.|\bglobalThis\b|\bconstructor\s*\.\s*constructor\b|\[\s*['"${'`'}]constructor['"${'`'}]\s*\]`],
    java: [
      String.raw`\bjava\s*\.\s*lang\s*\.\s*(?:reflect|invoke)\b|\.\s*(?:setAccessible|invoke|getDeclaredMethods?|getDeclaredFields?|getMethod)\s*\(`,
    ],
    go: [String.raw`\breflect\s*\.`],
    ruby: [String.raw`\b(?:send|public_send|__send__|const_get|instance_variable_get|instance_variable_set|define_method|method)\s*\(?\s*:`],
    r: [String.raw`(?<![\w.])(?:get|get0|mget|match\.fun|getFromNamespace|assignInNamespace)\s*\(`],
  },
};
