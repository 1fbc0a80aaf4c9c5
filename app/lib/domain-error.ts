// The one error a domain throws when it refuses something a person asked for: a Chinese message
// for that person, the HTTP status it means (400 bad input, 403 not yours, 404 not there, 409 not
// now, 413 too large, 503 a service missing), and where it belongs on the screen (`field`, or the
// located `problems` of an authored text). Anything else thrown is a defect and ends as a 500.
import { data } from "react-router";

export type Located = { line: number; column: number; message: string };

export class DomainError extends Error {
  readonly field?: string;
  readonly problems: readonly Located[];
  constructor(
    message: string,
    readonly status = 400,
    extra: { field?: string; problems?: readonly Located[] } = {},
  ) {
    super(message);
    this.name = "DomainError";
    this.field = extra.field;
    this.problems = extra.problems ?? [];
  }
}

/**
 * What a route answers when the domain refused: by default `{ ok: false, message }` with the error's
 * status, or the screen's own shape. Anything that is not a DomainError is thrown on.
 */
export function refused<T = { ok: false; message: string }>(error: unknown, shape?: (e: DomainError) => T) {
  if (!(error instanceof DomainError)) throw error;
  return data(shape ? shape(error) : ({ ok: false, message: error.message } as T), { status: error.status });
}

/** The same for a resource route (a PDF, an export): the message as plain text with the error's status. */
export function refusedText(error: unknown): Response {
  if (!(error instanceof DomainError)) throw error;
  return new Response(error.message, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
