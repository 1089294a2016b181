// The Vercel AI SDK driving llmsb's execute_code tool. The model here is the AI SDK's own mock,
// scripted to ask for one tool call, so the example runs without an API key; swap in a real one
// (e.g. `openai('gpt-4o')` from @ai-sdk/openai) and drop the script.
import { generateText, stepCountIs } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { aiSdkTools } from '@llmsb/ai/ai-sdk';

const usage = { inputTokens: { total: 1, noCache: 1 }, outputTokens: { total: 1, text: 1 } };
const code =
  'import matplotlib.pyplot as plt\nimport numpy as np\nx = np.linspace(0, 6, 50)\nplt.plot(x, np.sin(x))\nplt.show()\nprint(round(float(np.sin(x).max()), 3))';
const model = new MockLanguageModelV4({
  doGenerate: [
    {
      content: [{ type: 'tool-call', toolCallId: 'call-1', toolName: 'execute_code', input: JSON.stringify({ code }) }],
      finishReason: { unified: 'tool-calls' },
      usage,
      warnings: [],
    },
    { content: [{ type: 'text', text: 'The sine peaks at about 1.' }], finishReason: { unified: 'stop' }, usage, warnings: [] },
  ],
});

const tools = aiSdkTools({ lang: 'python', maxTimeoutMs: 30_000 });
try {
  const result = await generateText({ model, tools, prompt: 'Plot sin(x) on [0, 6] and tell me its maximum.', stopWhen: stepCountIs(3) });
  const output = result.steps[0].toolResults[0].output;
  console.log(
    'tool stdout:',
    JSON.stringify(output.stdout),
    '| plots:',
    output.plots.map((plot) => `${plot.mimeType} ${plot.width}x${plot.height}`).join(', '),
  );
  const sent = model.doGenerateCalls[1].prompt.find((message) => message.role === 'tool').content[0].output;
  console.log('sent to the model:', sent.value.map((part) => (part.type === 'file' ? `file ${part.mediaType}` : part.type)).join(', '));
  console.log('answer:', result.text);
} finally {
  await tools.close();
}
