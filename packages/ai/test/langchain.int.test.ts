import { AIMessage, AIMessageChunk, HumanMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { langchainTools, type LangchainCodeArtifact } from '@llmsb/ai/langchain';
import { dockerPython, PLOT_CODE, requireDocker } from './helpers.js';

/** LangChain's fake chat model, scripted to ask for one execute_code call. */
function toolCallingModel(args: Record<string, unknown>): FakeStreamingChatModel {
  return new FakeStreamingChatModel({
    chunks: [new AIMessageChunk({ content: '', tool_calls: [{ id: 'call-1', name: 'execute_code', args, type: 'tool_call' }] })],
  });
}

describe('langchainTools with LangChain fake chat model', () => {
  const tools = langchainTools({ registry: dockerPython(), maxTimeoutMs: 20_000 });

  beforeAll(async () => {
    await requireDocker();
  });

  afterAll(async () => {
    await tools.close();
  });

  /** One agent step: the model's tool calls, each run through the matching tool. */
  async function step(args: Record<string, unknown>): Promise<ToolMessage[]> {
    const messages: BaseMessage[] = [new HumanMessage('run it')];
    const reply = (await toolCallingModel(args).bindTools(tools).invoke(messages)) as AIMessage;
    expect(reply.tool_calls).toHaveLength(1);
    return Promise.all(
      (reply.tool_calls ?? []).map(async (call) => {
        const tool = tools.find((candidate) => candidate.name === call.name);
        return (await tool?.invoke(call)) as ToolMessage;
      }),
    );
  }

  it('binds as a plain list of tools with the input schema', () => {
    expect(tools.map((tool) => tool.name)).toEqual(['execute_code']);
    expect(Object.keys(tools)).toEqual(['0']);
  });

  it('answers a tool call with the result as content and the plot as the artifact', async () => {
    const [message] = await step({ code: PLOT_CODE });
    expect(message).toBeInstanceOf(ToolMessage);
    expect(message?.tool_call_id).toBe('call-1');
    expect(JSON.parse(String(message?.content))).toMatchObject({
      status: 'completed',
      exitCode: 0,
      stdout: 'drawn\n',
      plots: [{ format: 'png', mimeType: 'image/png' }],
    });
    const artifact = message?.artifact as LangchainCodeArtifact;
    expect(artifact.isError).toBe(false);
    expect(artifact.plots).toHaveLength(1);
    expect(
      Buffer.from(artifact.plots[0]?.base64 ?? '', 'base64')
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('reports a timeout as an error artifact with the partial output in the content', async () => {
    const [message] = await step({ code: 'import time\nprint("partial", flush=True)\ntime.sleep(30)', timeoutMs: 1500 });
    expect(JSON.parse(String(message?.content))).toMatchObject({ status: 'timeout', stdout: 'partial\n' });
    expect((message?.artifact as LangchainCodeArtifact).isError).toBe(true);
  });
});
