import { tool, type Tool } from 'ai';
import type { Attachment } from '../attachments.js';
import { runCode } from '../run-code.js';
import type { SandboxToolOutput } from '../schemas.js';
import { clampTimeout, DEFAULT_MAX_TIMEOUT_MS, keeperFor, type SandboxToolsOptions } from '../sandbox-tools-options.js';
import { codeInputSchema, executeCodeDescription, type CodeInput } from '../tool-inputs.js';

/** What `execute_code` resolves to in the AI SDK: the data, the plot content, and the error flag. */
export interface AiSdkCodeResult extends SandboxToolOutput {
  readonly isError: boolean;
  readonly attachments: readonly Attachment[];
}

/** A tool set for `generateText`/`streamText`, plus `close()` (not enumerable, so not a tool). */
export type AiSdkSandboxTools = { readonly execute_code: Tool<CodeInput, AiSdkCodeResult> } & {
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
};

/**
 * Tools for the Vercel AI SDK. They own one sandbox, opened on the first call and kept for the
 * conversation (re-opened, and the model told so, when it was lost); `close()` removes it.
 *
 * @example
 * const tools = aiSdkTools({ lang: 'python' });
 * try { await generateText({ model, tools, prompt, stopWhen: stepCountIs(3) }); } finally { await tools.close(); }
 */
export function aiSdkTools(options: SandboxToolsOptions = {}): AiSdkSandboxTools {
  const keeper = keeperFor(options);
  const maxTimeoutMs = options.maxTimeoutMs ?? DEFAULT_MAX_TIMEOUT_MS;
  const allowLibraries = options.allowLibraries ?? true;
  const executeCode = tool({
    description: executeCodeDescription(options.lang ?? 'python'),
    inputSchema: codeInputSchema({ allowLibraries, maxTimeoutMs }),
    execute: async (input: CodeInput, { abortSignal }): Promise<AiSdkCodeResult> => {
      const outcome = await runCode(
        keeper,
        { code: input.code, timeoutMs: clampTimeout(input.timeoutMs, maxTimeoutMs), libraries: allowLibraries ? input.libraries : undefined },
        abortSignal,
      );
      return { ...outcome.output, isError: outcome.isError, attachments: outcome.attachments };
    },
    toModelOutput: ({ output }) => modelOutput(output),
  });
  const tools = { execute_code: executeCode };
  const close = (): Promise<void> => keeper.close();
  Object.defineProperty(tools, 'close', { value: close, enumerable: false });
  Object.defineProperty(tools, Symbol.asyncDispose, { value: close, enumerable: false });
  return tools as AiSdkSandboxTools;
}

/** What `toModelOutput` returns, taken from the AI SDK's own tool type. */
type ModelOutput = ReturnType<NonNullable<Tool<CodeInput, AiSdkCodeResult>['toModelOutput']>> extends infer R ? Awaited<R> : never;

/** The result as the model sees it: the data as text, PNG/JPEG plots as images. */
function modelOutput(result: AiSdkCodeResult): ModelOutput {
  const { isError, attachments, ...data } = result;
  if (isError) return { type: 'error-json', value: JSON.parse(JSON.stringify(data)) as ModelOutputJson };
  return {
    type: 'content',
    value: [
      { type: 'text', text: JSON.stringify(data) },
      ...attachments.map((attachment) =>
        attachment.kind === 'image'
          ? {
              type: 'file' as const,
              mediaType: attachment.mimeType,
              data: { type: 'data' as const, data: attachment.base64 },
              filename: attachment.name,
            }
          : { type: 'text' as const, text: `${attachment.name} (${attachment.mimeType}) was made; it is not shown to the model.` },
      ),
    ],
  };
}

type ModelOutputJson = Extract<ModelOutput, { type: 'error-json' }>['value'];
