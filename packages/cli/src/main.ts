import { cleanupCommand } from './commands/cleanup.js';
import { doctorCommand } from './commands/doctor.js';
import { imagesCommand } from './commands/images.js';
import { mcpCommand } from './commands/mcp.js';
import { runCommand } from './commands/run.js';
import { EXIT, exitCodeFor, reportError } from './errors-to-exit.js';
import { UsageError } from './usage-error.js';
import { cliVersion } from './version.js';

export const usage = `Usage: llmsb <command> [options]

Runs untrusted code in Docker sandboxes.

Commands:
  run       run code:  llmsb run --lang python -e 'print(6*7)'
  images    build, list or prune the language images:  llmsb images build | list | prune
  doctor    check the engine, the images and the build tools
  cleanup   remove sandboxes left behind by dead processes
  mcp       serve sandboxes to agents over MCP (stdio, or --http PORT)

Options:
  -h, --help     show help (also: llmsb <command> --help)
  --version      print the version
`;

const COMMANDS: Readonly<Record<string, (args: readonly string[]) => Promise<number>>> = {
  run: runCommand,
  images: imagesCommand,
  doctor: doctorCommand,
  cleanup: cleanupCommand,
  mcp: mcpCommand,
};

/** Runs the CLI on `argv` (without node and the script) and resolves to the exit code; never throws. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`${cliVersion()}\n`);
    return 0;
  }
  const command = name === undefined ? undefined : COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(name === undefined ? usage : `llmsb: unknown command "${name}".\n\n${usage}`);
    return EXIT.failure;
  }
  try {
    return await command(args);
  } catch (error) {
    reportError(error, args.includes('--verbose') || args.includes('-v'));
    if (error instanceof UsageError) process.stderr.write(`Run "llmsb ${name} --help" for usage.\n`);
    return exitCodeFor(error);
  }
}
