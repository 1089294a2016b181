import { z } from 'zod';

/** Fields the code-running tools share. */
export const codeFields = {
  code: z.string().min(1).describe('The program to run, as a complete source file.'),
  libraries: z.array(z.string().min(1)).max(20).optional().describe('Packages to install before the run (when the server allows it).'),
  timeoutMs: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Kill the run after this many milliseconds (clamped to the server maximum, also the default).'),
};

export const sessionIdField = {
  sessionId: z.string().min(1).describe('The id open_session returned.'),
};
