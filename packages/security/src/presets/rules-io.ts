import type { Rule } from './families.js';

const BT = '`';

export const SOCKETS: Rule = {
  description: 'Opens a network socket',
  code: {
    python: [String.raw`\bsocket\s*\.\s*(?:socket|create_connection|create_server|socketpair|fromfd)\s*\(`],
    js: [String.raw`\b(?:net|tls)\s*\.\s*(?:connect|createConnection|createServer|Socket)\b`, String.raw`\bdgram\s*\.\s*createSocket\b`],
    java: [
      String.raw`\bnew\s+(?:Socket|ServerSocket|DatagramSocket|MulticastSocket)\s*\(`,
      String.raw`\b(?:Socket|ServerSocket|Datagram)Channel\s*\.\s*open\b`,
    ],
    cpp: [String.raw`(?<![\w.:]|->)(?:socket|getaddrinfo|gethostbyname)\s*\(`],
    go: [String.raw`\bnet\s*\.\s*(?:Dial|Listen)\w*\s*\(`],
    ruby: [String.raw`\b(?:TCPSocket|UDPSocket|TCPServer|UNIXSocket|Socket)\s*\.\s*(?:new|open)\b`],
    r: [String.raw`(?<![\w.])(?:socketConnection|make\.socket|serverSocket)\s*\(`],
  },
};

export const RAW_SOCKETS: Rule = {
  description: 'Opens a raw or packet socket',
  anywhere: { any: [String.raw`\b(?:SOCK_RAW|AF_PACKET|PF_PACKET|IPPROTO_RAW)\b`, String.raw`["'${BT}]ip[46]?:`] },
};

export const HTTP: Rule = {
  description: 'Makes HTTP requests',
  code: {
    python: [String.raw`\burlopen\s*\(|\brequests\s*\.\s*(?:get|post|put|delete|patch|head|request|Session)\b|\bhttp\s*\.\s*client\b|\bhttpx\s*\.`],
    js: [String.raw`(?<![\w$.])fetch\s*\(|\bhttps?2?\s*\.\s*(?:request|get|createServer)\s*\(|\bnew\s+(?:WebSocket|XMLHttpRequest)\b`],
    java: [String.raw`\bnew\s+URL\s*\(|\.\s*openConnection\s*\(|\bHttpClient\b`],
    go: [String.raw`\bhttp\s*\.\s*(?:Get|Post|PostForm|Head|NewRequest\w*|ListenAndServe\w*|DefaultClient)\b|\bhttp\s*\.\s*Client\s*\{`],
    ruby: [String.raw`\bNet\s*::\s*HTTP\b|\bURI\s*\.\s*open\b|(?<![\w.:])open\s*\(\s*['"]https?:`],
    r: [String.raw`(?<![\w.])(?:url|download\.file|curl_fetch_memory|curl_download)\s*\(|\bhttr2?\s*::`],
  },
};

export const ENVIRONMENT: Rule = {
  description: 'Reads or changes environment variables, which may hold secrets',
  code: {
    python: [String.raw`\bos\s*\.\s*(?:environ|getenv|putenv|unsetenv)\b`],
    js: [String.raw`\bprocess\s*\.\s*env\b|\bDeno\s*\.\s*env\b`],
    java: [String.raw`\bSystem\s*\.\s*getenv\b`],
    cpp: [String.raw`(?<![\w.]|->)(?:getenv|secure_getenv|setenv|putenv)\s*\(|\benviron\b`],
    go: [String.raw`\bos\s*\.\s*(?:Getenv|LookupEnv|Environ|Setenv|Unsetenv|Clearenv)\s*\(`],
    ruby: [String.raw`\bENV\s*[\[.]`],
    r: [String.raw`\bSys\.(?:getenv|setenv|unsetenv)\s*\(`],
  },
};

export const FILE_WRITE: Rule = {
  description: 'Writes, moves or creates files',
  code: {
    python: [
      String.raw`(?<![\w.])open\s*\([^)\n]{0,200}?['"][rbt+]*[wax][rbt+]*['"]`,
      String.raw`\.\s*write_(?:text|bytes)\s*\(|\bshutil\s*\.\s*(?:copy\w*|move)\s*\(`,
    ],
    js: [
      String.raw`\bfs(?:\s*\.\s*promises)?\s*\.\s*(?:writeFile|appendFile|createWriteStream|copyFile|rename|symlink|chmod|chown|mkdir)(?:Sync)?\s*\(`,
      String.raw`(?<![\w$.])(?:writeFileSync|appendFileSync|createWriteStream)\s*\(`,
    ],
    java: [
      String.raw`\bnew\s+(?:FileWriter|FileOutputStream|RandomAccessFile)\b|\bFiles\s*\.\s*(?:write|writeString|newBufferedWriter|newOutputStream|copy|move|createFile|createDirector(?:y|ies))\s*\(`,
    ],
    cpp: [
      String.raw`\b(?:std\s*::\s*)?o?fstream\b`,
      String.raw`\bfopen\s*\([^)\n]{0,200}?"[rb+]*[wa][rb+]*"`,
      String.raw`(?<![\w.]|->)(?:open|openat|creat)\s*\([^)\n]{0,200}?\bO_(?:WRONLY|RDWR|CREAT|TRUNC|APPEND)\b`,
    ],
    go: [
      String.raw`\bos\s*\.\s*(?:Create|WriteFile|OpenFile|Mkdir|MkdirAll|Rename|Symlink|Link|Chmod|Chown|Truncate)\s*\(|\bioutil\s*\.\s*WriteFile\s*\(`,
    ],
    ruby: [
      String.raw`\bFile\s*\.\s*(?:write|binwrite|rename|symlink|chmod)\b|\bFileUtils\s*\.\s*(?:cp|cp_r|mv|touch|mkdir_p|ln_s|chmod)\b`,
      String.raw`\bFile\s*\.\s*open\s*\(?[^)\n]{0,200}?['"][rb+]*[wa][rb+]*['"]`,
    ],
    r: [
      String.raw`(?<![\w.])(?:write\.csv2?|write\.table|saveRDS|save|sink|file\.create|file\.copy|file\.rename|dir\.create)\s*\(`,
      String.raw`(?<![\w.])file\s*\([^)\n]{0,200}?['"][wa]b?\+?['"]|(?<![\w.])cat\s*\([^)\n]{0,200}?\bfile\s*=`,
    ],
  },
};

export const FILE_READ: Rule = {
  description: 'Opens files',
  code: {
    python: [String.raw`(?<![\w.])open\s*\(|\.\s*read_(?:text|bytes)\s*\(`],
    js: [String.raw`\bfs(?:\s*\.\s*promises)?\s*\.\s*\w+|(?<![\w$.])(?:readFileSync|readFile|createReadStream|readdirSync|openSync)\s*\(`],
    java: [String.raw`\bnew\s+(?:File|FileReader|FileInputStream|Scanner\s*\(\s*new\s+File)\b|\bFiles\s*\.\s*\w+\s*\(`],
    cpp: [String.raw`\bfopen\s*\(|\b(?:std\s*::\s*)?i?fstream\b|(?<![\w.:]|->)(?:open|openat)\s*\(`],
    go: [String.raw`\bos\s*\.\s*(?:Open|ReadFile|ReadDir)\s*\(|\bioutil\s*\.\s*Read\w*\s*\(`],
    ruby: [String.raw`\b(?:File|IO|Dir)\s*\.\s*(?:open|read|readlines|foreach|glob|entries|children)\b|\bDir\s*\[`],
    r: [String.raw`(?<![\w.])(?:readLines|readRDS|read\.csv2?|read\.table|file|scan|list\.files|dir)\s*\(`],
  },
};
