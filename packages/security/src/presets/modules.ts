import type { ModuleGroup } from './families.js';

export const PROCESS_MODULES: ModuleGroup = {
  description: 'Runs programs',
  modules: {
    python: ['subprocess', 'pty'],
    js: ['child_process'],
    cpp: ['unistd.h', 'spawn.h'],
    go: ['os/exec', 'syscall'],
    ruby: ['open3', 'pty'],
    r: ['processx', 'sys', 'callr'],
  },
};

/** Python's `os` as a whole (as upstream restricts it); its dangerous calls are also patterns. */
export const OS_MODULES: ModuleGroup = {
  description: 'Exposes the whole operating system interface',
  modules: { python: ['os'] },
};

export const NATIVE_MODULES: ModuleGroup = {
  description: 'Loads native code or touches raw memory',
  modules: {
    python: ['ctypes', '_ctypes', 'cffi'],
    js: ['ffi-napi', 'ref-napi', 'node-ffi'],
    java: ['sun.misc', 'jdk.internal', 'java.lang.foreign'],
    cpp: ['dlfcn.h', 'sys/mman.h', 'sys/ptrace.h', 'sys/syscall.h'],
    go: ['unsafe', 'C', 'plugin'],
    ruby: ['fiddle', 'ffi'],
    r: ['Rcpp', 'inline', 'reticulate', 'rJava'],
  },
};

export const SOCKET_MODULES: ModuleGroup = {
  description: 'Opens network sockets',
  modules: {
    python: ['socket', 'socketserver'],
    js: ['net', 'tls', 'dgram', 'dns', 'http2'],
    cpp: ['sys/socket.h', 'netinet/in.h', 'arpa/inet.h', 'netdb.h'],
    ruby: ['socket'],
    r: ['socket'],
  },
};

export const HTTP_MODULES: ModuleGroup = {
  description: 'Makes HTTP requests',
  modules: {
    python: ['urllib', 'requests', 'httpx', 'aiohttp', 'http.client'],
    js: ['http', 'https', 'axios', 'node-fetch', 'undici'],
    java: ['java.net'],
    go: ['net'],
    ruby: ['net/http', 'open-uri', 'httparty', 'faraday'],
    r: ['httr', 'httr2', 'curl', 'RCurl'],
  },
};

export const FILE_MODULES: ModuleGroup = {
  description: 'Accesses the file system',
  modules: {
    python: ['shutil', 'pathlib', 'tempfile', 'glob'],
    js: ['fs'],
    java: ['java.io', 'java.nio.file'],
    cpp: ['filesystem', 'fstream', 'fcntl.h'],
    go: ['os', 'io/ioutil', 'io/fs', 'path/filepath'],
    ruby: ['fileutils', 'tmpdir', 'pathname'],
    r: ['fs'],
  },
};

export const CONCURRENCY_MODULES: ModuleGroup = {
  description: 'Starts threads or processes',
  modules: {
    python: ['multiprocessing', 'threading', 'concurrent'],
    js: ['worker_threads', 'cluster'],
    cpp: ['thread', 'pthread.h'],
    r: ['parallel', 'future'],
  },
};

export const INTROSPECTION_MODULES: ModuleGroup = {
  description: 'Reaches interpreter internals or loads code indirectly',
  modules: {
    python: ['sys', 'importlib', 'inspect', 'builtins', 'gc', 'code', 'runpy'],
    js: ['vm', 'module', 'v8', 'inspector', 'process'],
    java: ['java.lang.reflect', 'java.lang.invoke', 'javax.script'],
    go: ['reflect', 'runtime'],
  },
};

export const SERIALIZATION_MODULES: ModuleGroup = {
  description: 'Deserialises formats that can run code',
  modules: { python: ['pickle', 'marshal', 'shelve', 'dill'], java: ['java.beans'] },
};
