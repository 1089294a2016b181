import { INSTALLER_USER, installerOwned, type ImageRecipe } from '@llmsb/core';

/** Everything Go keeps: the session's module and GOPATH (the installer's), the build cache (the code's). */
export const GO_HOME = '/opt/llmsb/go';
/** The module user code builds in; `go get` adds requirements to its go.mod. */
export const GO_MODULE = `${GO_HOME}/module`;

/** Standard packages compiled into the image's build cache, so a first build takes well under a second. */
const WARM_PACKAGES = [
  'fmt',
  'os',
  'strings',
  'strconv',
  'sort',
  'math',
  'math/rand',
  'time',
  'bufio',
  'bytes',
  'errors',
  'io',
  'sync',
  'context',
  'regexp',
  'encoding/json',
  'encoding/base64',
  'encoding/hex',
  'path/filepath',
  'crypto/sha256',
  'unicode/utf8',
  'net/http',
  'os/exec',
  'container/heap',
  'text/tabwriter',
];

/** The Go image: Debian's Go 1.19 (no C compiler, so cgo is off) with a module ready for `go get`. */
export const goRecipe: ImageRecipe = {
  repository: 'llmsb/go',
  aptPackages: ['golang-go'],
  setup: [
    `install -d ${GO_HOME} && ${installerOwned(GO_MODULE, `${GO_HOME}/path`)} && install -d -o sandbox -g sandbox ${GO_HOME}/cache`,
    `cd ${GO_MODULE} && runuser -u ${INSTALLER_USER} -- go mod init sandbox && runuser -u sandbox -- go build ${WARM_PACKAGES.join(' ')}`,
  ],
  // The build cache is the code's to write, starting with the standard packages compiled above.
  scratch: { owned: [`${GO_HOME}/cache`], seeded: [`${GO_HOME}/cache`] },
  env: {
    GOPATH: `${GO_HOME}/path`,
    GOCACHE: `${GO_HOME}/cache`,
    CGO_ENABLED: '0',
    // Matches the development machines' setting; the sandbox has no VCS tools to stamp builds with.
    GOFLAGS: '-buildvcs=false',
  },
};
