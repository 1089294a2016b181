import { tool, type StructuredToolInterface } from '@langchain/core/tools';
import type { Attachment } from '../attachments.js';
import { runCode } from '../run-code.js';
import { clampTimeout, DEFAULT_MAX_TIMEOUT_MS, keeperFor, type SandboxToolsOptions } from '../sandbox-tools-options.js';
import { codeInputSchema, executeCodeDescription, type CodeInput } from '../tool-inputs.js';

/** The artifact of an `execute_code` tool message: the plot content, kept out of the model's text. */
export interface LangchainCodeArtifact {
  readonly isError: boolean;
  readonly plots: readonly Attachment[];
}

/** LangChain tools, plus `close()` (not enumerable: the array stays a plain list of tools). */
export type LangchainSandboxTools = StructuredToolInterface[] & {
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
};

/**
 * Tools for LangChain.js with `responseFormat: 'content_and_artifact'`: the tool message's
 * content is the result JSON, its artifact the plots. They own one sandbox, kept for the
 * conversation and re-opened (the model told so) when lost; `close()` removes it.
 */
export function langchainTools(options: SandboxToolsOptions = {}): LangchainSandboxTools {
  const keeper = keeperFor(options);
  const maxTimeoutMs = options.maxTimeoutMs ?? DEFAULT_MAX_TIMEOUT_MS;
  const allowLibraries = options.allowLibraries ?? true;
  const executeCode = tool(
    async (input: CodeInput, config): Promise<[string, LangchainCodeArtifact]> => {
      const signal = (config as { signal?: AbortSignal } | undefined)?.signal;
      const outcome = await runCode(
        keeper,
        { code: input.code, timeoutMs: clampTimeout(input.timeoutMs, maxTimeoutMs), libraries: allowLibraries ? input.libraries : undefined },
        signal,
      );
      return [JSON.stringify(outcome.output), { isError: outcome.isError, plots: outcome.attachments }];
    },
    {
      name: 'execute_code',
      description: executeCodeDescription(options.lang ?? 'python'),
      schema: codeInputSchema({ allowLibraries, maxTimeoutMs }),
      responseFormat: 'content_and_artifact',
    },
  );
  const tools = [executeCode] as StructuredToolInterface[];
  const close = (): Promise<void> => keeper.close();
  Object.defineProperty(tools, 'close', { value: close, enumerable: false });
  Object.defineProperty(tools, Symbol.asyncDispose, { value: close, enumerable: false });
  return tools as LangchainSandboxTools;
}
