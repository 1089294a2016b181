import { generateText, stepCountIs } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiSdkTools, type AiSdkCodeResult } from '@llmsb/ai/ai-sdk';
import { dockerPython, loseSandboxes, PLOT_CODE, requireDocker } from './helpers.js';

type Docker = Awaited<ReturnType<typeof requireDocker>>;

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

/** A model that asks for one execute_code call, then answers in text. */
function toolCallingModel(input: Record<string, unknown>): MockLanguageModelV4 {
  return new MockLanguageModelV4({
    doGenerate: [
      {
        content: [{ type: 'tool-call', toolCallId: 'call-1', toolName: 'execute_code', input: JSON.stringify(input) }],
        finishReason: { unified: 'tool-calls', raw: undefined },
        usage,
        warnings: [],
      },
      { content: [{ type: 'text', text: 'done' }], finishReason: { unified: 'stop', raw: undefined }, usage, warnings: [] },
    ],
  });
}

describe('aiSdkTools with the AI SDK mock model', () => {
  let docker: Docker;
  const tools = aiSdkTools({ registry: dockerPython(), maxTimeoutMs: 20_000 });
  // The AI SDK's ToolSet type has a string index that `close()` does not fit, though it is not enumerable.
  const toolSet = { execute_code: tools.execute_code };

  beforeAll(async () => {
    docker = await requireDocker();
  });

  afterAll(async () => {
    await tools.close();
  });

  it('runs the code of a tool call in a real sandbox and sends the plot to the model as an image', async () => {
    const model = toolCallingModel({ code: PLOT_CODE });
    const result = await generateText({ model, tools: toolSet, prompt: 'plot something', stopWhen: stepCountIs(3) });
    expect(result.text).toBe('done');
    const output = result.steps[0]?.toolResults[0]?.output as AiSdkCodeResult;
    expect(output).toMatchObject({
      status: 'completed',
      exitCode: 0,
      stdout: 'drawn\n',
      isError: false,
      plots: [{ format: 'png', attachedAs: 'image' }],
    });
    // The second model call got the tool result through toModelOutput: the data as text, the plot as an image file.
    const toolMessage = model.doGenerateCalls[1]?.prompt.find((message) => message.role === 'tool');
    const parts = JSON.stringify(toolMessage);
    expect(parts).toContain('"mediaType":"image/png"');
    expect(parts).toContain('drawn');
  });

  it('keeps the sandbox across calls, as one conversation', async () => {
    const first = await tools.execute_code.execute?.(
      { code: 'open("state.txt", "w").write("kept")' },
      { toolCallId: 'a', messages: [], context: {} },
    );
    expect(first).toMatchObject({ exitCode: 0 });
    const second = (await tools.execute_code.execute?.(
      { code: 'print(open("state.txt").read())' },
      { toolCallId: 'b', messages: [], context: {} },
    )) as AiSdkCodeResult;
    expect(second.stdout).toBe('kept\n');
  });

  it('returns a timeout as error-json with the partial output', async () => {
    const model = toolCallingModel({ code: 'import time\nprint("partial", flush=True)\ntime.sleep(30)', timeoutMs: 1500 });
    const result = await generateText({ model, tools: toolSet, prompt: 'wait', stopWhen: stepCountIs(3) });
    const output = result.steps[0]?.toolResults[0]?.output as AiSdkCodeResult;
    expect(output).toMatchObject({ isError: true, status: 'timeout', stdout: 'partial\n', error: { code: 'LLMSB_SANDBOX_TIMEOUT' } });
    const toolMessage = JSON.stringify(model.doGenerateCalls[1]?.prompt.find((message) => message.role === 'tool'));
    expect(toolMessage).toContain('"type":"error-json"');
    expect(toolMessage).toContain('partial');
  });

  it('re-opens a lost sandbox and tells the model its state is gone', async () => {
    expect(await loseSandboxes(docker)).toBe(1);
    const call = (code: string, id: string) =>
      tools.execute_code.execute?.({ code }, { toolCallId: id, messages: [], context: {} }) as Promise<AiSdkCodeResult>;
    let result = await call('print("again")', 'c');
    // The call that finds the sandbox gone may fail; the next one runs in a fresh sandbox.
    if (result.isError) {
      expect(result.status).toBe('failed');
      result = await call('print("again")', 'd');
    }
    expect(result).toMatchObject({ stdout: 'again\n', sessionReset: true, note: expect.stringContaining('gone') });
    const after = await call('import os\nprint(os.path.exists("state.txt"))', 'e');
    expect(after).toMatchObject({ stdout: 'False\n' });
    expect(after.sessionReset).toBeUndefined();
  });
});
