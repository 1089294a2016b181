import { ResourceError, ValidationError } from '@llmsb/core';

/** A session id that is unknown, closed, or belongs to another MCP session (sessions are never shared). */
export class SessionNotFoundError extends ValidationError {
  constructor(readonly sessionId: string) {
    super(`No open sandbox session "${sessionId}" in this MCP session. Open one with open_session (sessions close after an idle period).`);
  }
}

/** The server is at `maxSessions`. */
export class TooManySessionsError extends ResourceError {
  constructor(limit: number) {
    super(`The server already runs its maximum of ${limit} sandboxes. Close a session with close_session, or try again later.`);
  }
}
