import { scannerSyntaxes, shellQuote, type LanguageHandler } from '@llmsb/core';
import { isGoModulePath } from './module-path.js';
import { GO_MODULE, goRecipe } from './recipe.js';

export interface GoOptions {
  /** GOPROXY for `libraries` / `install()` (Athens, Artifactory, Nexus, `off`). Default: Go's. */
  readonly goproxy?: string;
  /** GOSUMDB checking downloaded modules (`off` for a private proxy). Default: Go's. */
  readonly gosumdb?: string;
  /** GOPRIVATE: module path patterns fetched without the proxy or checksum database. Default: none. */
  readonly goprivate?: string;
}

/** When the image's build cache cannot be written (read-only root), builds cache under /tmp. */
const WRITABLE_CACHE = 'if [ -n "$GOCACHE" ] && [ ! -w "$GOCACHE" ]; then export GOCACHE=/tmp/llmsb-go-cache; fi';

/**
 * `go get` into the session's module reading nothing the code could have written: no go.env
 * file (`GOENV=off`), pinned `GOFLAGS`, no toolchain switch, a build cache under the installer's
 * HOME (the code's own `GOCACHE` stays the code's). The module and GOPATH belong to the installer.
 */
function goGetCommand(libraries: readonly string[]): string {
  const pinned = 'GOENV=off GOFLAGS= GOTOOLCHAIN=local GOCACHE="$HOME/.cache/go-build"';
  return `cd ${GO_MODULE} && ${pinned} go get ${libraries.map(shellQuote).join(' ')}`;
}

/**
 * Go. A run is two steps: `go build` inside the session's module (so modules fetched with
 * `go get` resolve), then the binary runs from the workdir. The binary replaces the source file
 * once built, so the core's clean-up of the code file removes it too.
 */
export function go(options: GoOptions = {}): LanguageHandler {
  const env: Record<string, string> = {
    ...(options.goproxy ? { GOPROXY: options.goproxy } : {}),
    ...(options.gosumdb ? { GOSUMDB: options.gosumdb } : {}),
    ...(options.goprivate ? { GOPRIVATE: options.goprivate } : {}),
  };
  return {
    kind: 'language',
    name: 'go',
    aliases: ['golang'],
    fileExtension: 'go',
    imageRecipe: goRecipe,
    env,
    runStepNames: ['compile', 'run'],
    runCommands: (file) => {
      const source = shellQuote(file);
      const binary = shellQuote(`${file}.bin`);
      return [`${WRITABLE_CACHE}\ncd ${GO_MODULE} && go build -o ${binary} ${source} && mv -f ${binary} ${source}`, source];
    },
    installCommand: (libraries) => goGetCommand(libraries),
    validateLibraryName: isGoModulePath,
    scanner: scannerSyntaxes.go,
  };
}
