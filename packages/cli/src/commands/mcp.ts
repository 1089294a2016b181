import { buildLanguageImage, connectDocker, imageExists, recipeImageTag } from '@llmsb/backend-docker';
import { connectPodman } from '@llmsb/backend-podman';
import { ImageNotFoundError, type LanguageHandler } from '@llmsb/core';
import {
  checkBinding,
  McpService,
  MCP_ENVIRONMENT,
  readMcpCommandConfig,
  serveHttp,
  serveStdio,
  serverOptionsOf,
  type McpCommandConfig,
} from '@llmsb/mcp';
import { noPositionals, parse } from '../args.js';
import { describeLanguages, findLanguage, LANGUAGES } from '../languages.js';
import { cliRegistry } from '../open-session.js';
import { progress } from '../progress.js';

export const mcpUsage = `Usage: llmsb mcp [options]

Runs an MCP server whose tools run code in sandboxes: execute_code, open_session, run_in_session,
list_sessions, close_session, upload_file, download_file, list_files, list_languages,
get_language_details (and llmsb://languages resources). stdio by default: stdout carries only the
protocol, logs go to stderr. Each option can also come from the environment variable in [ ];
a flag wins over the environment.

Transport:
  --http PORT              serve Streamable HTTP at http://HOST:PORT/mcp (0: a free port) [${MCP_ENVIRONMENT.http}]
  --host ADDR              address to bind (default 127.0.0.1; others need --auth-token) [${MCP_ENVIRONMENT.host}]
  --auth-token TOKEN       bearer token (default: generated, printed on stderr) [${MCP_ENVIRONMENT.authToken}]
  --no-auth                no token (loopback only) [${MCP_ENVIRONMENT.noAuth}]
  --allowed-host H         another accepted Host header (repeatable) [${MCP_ENVIRONMENT.allowedHosts}]

Sandboxes:
  --backend NAME           docker (default), podman, micromamba or kubernetes [${MCP_ENVIRONMENT.backend}]
  --languages L,L          languages offered: python (default), all, or names [${MCP_ENVIRONMENT.languages}]
                           among ${describeLanguages()}
  --image LANG=IMAGE       image for a language (repeatable) [${MCP_ENVIRONMENT.images}]
  --build-images           build missing images at start-up (progress on stderr) [${MCP_ENVIRONMENT.buildImages}]
  --memory-mb N            memory limit per sandbox (default 1024) [${MCP_ENVIRONMENT.memoryMb}]
  --disk-mb N|none         MiB the code may write per writable place (default 1024); none turns
                           the bound off, as an --image not built by llmsb needs [${MCP_ENVIRONMENT.diskMb}]
  --cpus N                 CPUs per sandbox (default 1) [${MCP_ENVIRONMENT.cpus}]
  --network MODE           install (default: online only for installs), bridge or none [${MCP_ENVIRONMENT.network}]
  --security-policy NAME   security preset checked before code runs (e.g. production) [${MCP_ENVIRONMENT.securityPolicy}]

Limits:
  --max-sessions N         sandboxes open at once, one-off runs included (default 8) [${MCP_ENVIRONMENT.maxSessions}]
  --pool-min N             sandboxes kept ready for open_session (the first offered language with a
                           kernel, python by default; 0, the default: none; at most --max-sessions)
                           [${MCP_ENVIRONMENT.poolMin}]
  --max-timeout-ms N       longest run a call may ask for; the default (120000) [${MCP_ENVIRONMENT.maxTimeoutMs}]
  --idle-ttl-ms N          close a session unused this long (default 900000) [${MCP_ENVIRONMENT.idleTtlMs}]
  --allow-libraries        calls may install libraries (default)
  --no-libraries           calls may not install libraries [${MCP_ENVIRONMENT.noLibraries}]
  --max-file-bytes N       largest file moved in or out (default 10485760) [${MCP_ENVIRONMENT.maxFileBytes}]

  -v, --verbose            print the stack of a start-up error
  -h, --help               show this help
`;

const OPTIONS = {
  http: { type: 'string' },
  host: { type: 'string' },
  'auth-token': { type: 'string' },
  'no-auth': { type: 'boolean' },
  'allowed-host': { type: 'string', multiple: true },
  backend: { type: 'string' },
  languages: { type: 'string', multiple: true },
  image: { type: 'string', multiple: true },
  'build-images': { type: 'boolean' },
  'memory-mb': { type: 'string' },
  'disk-mb': { type: 'string' },
  cpus: { type: 'string' },
  network: { type: 'string' },
  'security-policy': { type: 'string' },
  'max-sessions': { type: 'string' },
  'pool-min': { type: 'string' },
  'max-timeout-ms': { type: 'string' },
  'idle-ttl-ms': { type: 'string' },
  'allow-libraries': { type: 'boolean' },
  'no-libraries': { type: 'boolean' },
  'max-file-bytes': { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function mcpCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help) {
    process.stdout.write(mcpUsage);
    return 0;
  }
  noPositionals('mcp', positionals);
  const config = readMcpCommandConfig({
    http: values.http,
    host: values.host,
    authToken: values['auth-token'],
    noAuth: values['no-auth'],
    allowedHosts: values['allowed-host'],
    backend: values.backend,
    languages: values.languages,
    images: values.image,
    buildImages: values['build-images'],
    memoryMb: values['memory-mb'],
    diskMb: values['disk-mb'],
    cpus: values.cpus,
    network: values.network,
    securityPolicy: values['security-policy'],
    maxSessions: values['max-sessions'],
    poolMin: values['pool-min'],
    maxTimeoutMs: values['max-timeout-ms'],
    idleTtlMs: values['idle-ttl-ms'],
    noLibraries: values['allow-libraries'] ? false : values['no-libraries'],
    maxFileBytes: values['max-file-bytes'],
  });
  if (config.http !== undefined)
    checkBinding(config.host, { noAuth: config.noAuth, ...(config.authToken !== undefined ? { authToken: config.authToken } : {}) });
  const languages = offeredLanguages(config.languages);
  await checkImages(config, languages);
  const service = new McpService(serverOptionsOf(config), { languages, registry: cliRegistry() });
  if (service.warm) {
    progress(`preparing ${config.poolMin} warm sandbox(es) for ${service.warm.language} sessions`);
    await service.ready();
  }
  if (config.http === undefined) {
    progress(`MCP server on stdio; languages: ${languages.map((l) => l.name).join(', ')}`);
    await serveStdio(service);
    return 0;
  }
  const endpoint = await serveHttp(service, {
    port: config.http,
    host: config.host,
    noAuth: config.noAuth,
    allowedHosts: config.allowedHosts,
    ...(config.authToken !== undefined ? { authToken: config.authToken } : {}),
  });
  progress(`MCP server at ${endpoint.url}; languages: ${languages.map((l) => l.name).join(', ')}`);
  if (endpoint.authToken !== undefined && config.authToken === undefined) progress(`bearer token: ${endpoint.authToken}`);
  await new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
  await endpoint.close();
  return 0;
}

function offeredLanguages(names: readonly string[]): LanguageHandler[] {
  if (names.length === 0) return [findLanguage('python')];
  if (names.some((name) => name.toLowerCase() === 'all')) return [...LANGUAGES];
  return [...new Set(names.map(findLanguage))];
}

/** Images are checked (and built, when asked) before the server answers, not on the first call. */
async function checkImages(config: McpCommandConfig, languages: readonly LanguageHandler[]): Promise<void> {
  if (config.backend !== 'docker' && config.backend !== 'podman') {
    progress(`images are not checked at start-up on ${config.backend}; the first call reports a missing one`);
    return;
  }
  const { docker } = config.backend === 'docker' ? await connectDocker() : await connectPodman();
  for (const language of languages) {
    const named = config.images[language.name];
    const image = named ?? recipeImageTag(language.imageRecipe);
    if (await imageExists(docker, image)) continue;
    if (named !== undefined || !config.buildImages || config.backend !== 'docker') {
      throw new ImageNotFoundError(
        image,
        `Run "llmsb images build ${language.name}"${config.backend === 'docker' ? ' or start with --build-images' : ''}.`,
      );
    }
    progress(`image ${image} is missing; building it`);
    await buildLanguageImage(docker, language.imageRecipe, { onProgress: progress });
  }
}
