// LangChain.js calling llmsb's execute_code tool. The chat model is LangChain's own fake,
// scripted to ask for one tool call, so the example runs without an API key; swap in a real
// tool-calling model (e.g. ChatOpenAI from @langchain/openai) and drop the script.
import { AIMessageChunk, HumanMessage } from '@langchain/core/messages';
import { FakeStreamingChatModel } from '@langchain/core/utils/testing';
import { langchainTools } from '@llmsb/ai/langchain';

const code = 'import matplotlib.pyplot as plt\nplt.bar(["a", "b", "c"], [3, 1, 2])\nplt.show()\nprint(sum([3, 1, 2]))';
const chatModel = new FakeStreamingChatModel({
  chunks: [new AIMessageChunk({ content: '', tool_calls: [{ id: 'call-1', name: 'execute_code', args: { code }, type: 'tool_call' }] })],
});

const tools = langchainTools({ lang: 'python', maxTimeoutMs: 30_000 });
try {
  const reply = await chatModel.bindTools(tools).invoke([new HumanMessage('Draw a bar chart of 3, 1, 2 and add them up.')]);
  for (const call of reply.tool_calls ?? []) {
    const tool = tools.find((candidate) => candidate.name === call.name);
    const message = await tool.invoke(call); // a ToolMessage: content for the model, artifact for you
    const result = JSON.parse(message.content);
    console.log(`${call.name}: exit ${result.exitCode}, stdout ${JSON.stringify(result.stdout)}`);
    console.log(
      'artifact:',
      message.artifact.plots.map((plot) => `${plot.name} ${plot.mimeType} ${Buffer.from(plot.base64, 'base64').length} bytes`).join(', '),
    );
  }
} finally {
  await tools.close();
}
