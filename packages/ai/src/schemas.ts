import { z } from 'zod';

/** Resources a call used (see `ResourceUsage` in @llmsb/core). */
export const resourceUsageSchema = z.object({
  cpuMs: z.number(),
  peakMemoryKB: z.number(),
  wallMs: z.number(),
});

/** `ConsoleOutput` of @llmsb/core as a zod schema. */
export const consoleOutputSchema = z.object({
  exitCode: z.number().int(),
  stdout: z.string(),
  stderr: z.string(),
  success: z.boolean(),
  truncated: z.boolean().optional(),
  failedStep: z.string().optional(),
  usage: resourceUsageSchema.optional(),
});

/** `PlotOutput` of @llmsb/core, content included (base64). */
export const plotOutputSchema = z.object({
  format: z.enum(['png', 'jpeg', 'pdf', 'svg', 'csv', 'json', 'txt', 'html']),
  contentBase64: z.string(),
  width: z.number().optional(),
  height: z.number().optional(),
  dpi: z.number().optional(),
});

/** A plot described without its content: the content travels beside the result (an image or a resource). */
export const plotInfoSchema = plotOutputSchema.omit({ contentBase64: true }).extend({
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  /** How the content was attached: `image` (PNG, JPEG) or `resource` (HTML, SVG, PDF, ...). */
  attachedAs: z.enum(['image', 'resource']),
});

/** A file the program left in `$LLMSB_ARTIFACTS_DIR`, without its content. */
export const fileInfoSchema = z.object({
  path: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
});

export const toolErrorInfoSchema = z.object({
  /** The error class, e.g. `SandboxTimeoutError`. */
  name: z.string(),
  /** Its stable code, e.g. `LLMSB_SANDBOX_TIMEOUT`. */
  code: z.string(),
  message: z.string(),
  timeoutMs: z.number().optional(),
  violations: z.array(z.object({ description: z.string(), severity: z.number(), blocking: z.boolean() })).optional(),
});

/**
 * What a sandbox tool returns, as data (never base64): `completed` (whatever the exit code; a
 * failing program is a normal result), `timeout` (partial output kept), `refused` (policy or
 * input, nothing ran) or `failed` (the sandbox or the engine failed).
 */
export const sandboxToolOutputSchema = z.object({
  status: z.enum(['completed', 'timeout', 'refused', 'failed']),
  exitCode: z.number().int().nullable(),
  success: z.boolean(),
  stdout: z.string(),
  stderr: z.string(),
  truncated: z.boolean().optional(),
  failedStep: z.string().optional(),
  usage: resourceUsageSchema.optional(),
  plots: z.array(plotInfoSchema),
  files: z.array(fileInfoSchema),
  error: toolErrorInfoSchema.optional(),
  /** A stateful session's cell: the `text/plain` form of each output (the last expression's value, `display()`), in order; images and HTML also travel as plots. */
  results: z.array(z.string()).optional(),
  /** Set when the session's kernel was restarted (it died, ignored an interrupt, or made room for an install): variables from earlier calls are gone, files are kept. */
  stateLost: z.boolean().optional(),
  /** Set when the sandbox had to be re-opened: files and installed libraries from earlier calls are gone. */
  sessionReset: z.boolean().optional(),
  /** A sentence for the model about what happened. */
  note: z.string().optional(),
});

export type SandboxToolOutput = z.output<typeof sandboxToolOutputSchema>;
export type PlotInfo = z.output<typeof plotInfoSchema>;
export type ToolErrorInfo = z.output<typeof toolErrorInfoSchema>;

/** The same schemas as JSON Schema (draft 2020-12), for clients that do not use zod. */
export const jsonSchemas = {
  consoleOutput: z.toJSONSchema(consoleOutputSchema),
  plotOutput: z.toJSONSchema(plotOutputSchema),
  plotInfo: z.toJSONSchema(plotInfoSchema),
  sandboxToolOutput: z.toJSONSchema(sandboxToolOutputSchema),
} as const;
