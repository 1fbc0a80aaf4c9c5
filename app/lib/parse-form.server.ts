// The one parse step for every form and query string: Conform's parseWithZod structures the fields
// and runs the route's Zod schema (pieces in app/lib/form-fields.ts); a refusal comes back as a
// ready 400 reply with Chinese messages, so a route's action reads "parse, domain call, reply".
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "react-router";
import { z } from "zod";
import { fieldsWithPrefix } from "#app/lib/form.server.ts";
import { hasControlChars } from "#app/lib/form-fields.ts";
import { t } from "#app/lib/strings.ts";

/** Field name → its messages. Prototype-free: a field named `__proto__` is just a key. */
export type FieldErrors = Record<string, string[]>;
export type FormRefusal = { ok: false; message: string; fieldErrors: FieldErrors };
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; fieldErrors: FieldErrors; reply: ReturnType<typeof refusal> };

// Conform's reserved names drive its client-side intents (and `__state__` is JSON.parse'd, which
// throws on junk); server actions here use neither, so they are dropped rather than trusted.
const RESERVED = new Set(["__intent__", "__state__"]);

function withoutReserved(payload: FormData | URLSearchParams): FormData | URLSearchParams {
  let reserved = false;
  for (const key of payload.keys()) if (RESERVED.has(key)) reserved = true;
  if (!reserved) return payload;
  const copy = payload instanceof URLSearchParams ? new URLSearchParams() : new FormData();
  for (const [k, v] of payload.entries()) if (!RESERVED.has(k)) copy.append(k, v as string);
  return copy;
}

const refusal = (message: string, fieldErrors: FieldErrors, status: number) => data<FormRefusal>({ ok: false, message, fieldErrors }, { status });

/**
 * Parses a form (or a URL's search params) with `schema`. Field names a browser chose (`__proto__`,
 * `a[b`) never reach an object's prototype: Conform refuses such paths and the errors are copied
 * into a null-prototype record.
 */
export function parseForm<S extends z.ZodType>(payload: FormData | URLSearchParams, schema: S, status = 400): Parsed<z.output<S>> {
  const submission = parseWithZod(withoutReserved(payload), {
    schema,
    disableAutoCoercion: true,
    // Any issue a piece did not word itself still reads as Chinese, never as Zod's English.
    error: () => t.formInput.invalid,
  });
  if (submission.status === "success") return { ok: true, value: submission.value as z.output<S> };
  const fieldErrors = Object.create(null) as FieldErrors;
  let message: string | undefined;
  for (const [name, messages] of Object.entries(submission.error ?? {})) {
    if (!messages?.length) continue;
    fieldErrors[name] = messages;
    message ??= messages[0];
  }
  message ??= t.formInput.invalid;
  return { ok: false, message, fieldErrors, reply: refusal(message, fieldErrors, status) };
}

/** The query string of a request URL, parsed like a form. A loader throws `reply` on refusal. */
export const parseQuery = <S extends z.ZodType>(request: Request | URL | string, schema: S) =>
  parseForm(new URL(typeof request === "string" ? request : request instanceof URL ? request.href : request.url).searchParams, schema);

/**
 * Fields whose names the browser chooses (`q:<questionId>`, `a:<promptKey>`), read into a Map (never
 * onto an object) and bounded: at most `maxKeys` keys of at most `maxKey` characters, `maxValues`
 * values each of at most `maxLength` characters. More of anything is refused as a whole, with a reply.
 */
export function parsePrefixed(
  form: Iterable<[string, FormDataEntryValue]>,
  prefix: string,
  limits: { maxKeys: number; maxKey?: number; maxValues: number; maxLength: number; noControlChars?: boolean },
): Parsed<Map<string, string[]>> {
  const fields = fieldsWithPrefix(form, prefix, limits.maxKeys + 1);
  // Values are kept as typed (not trimmed): only their length and, when asked, control characters are judged.
  const boundedText = z.string().max(limits.maxLength, t.formInput.tooLong(limits.maxLength));
  const value = limits.noControlChars ? boundedText.refine((s) => !hasControlChars(s), t.formInput.controlChars) : boundedText;
  const schema = z
    .array(z.tuple([z.string().max(limits.maxKey ?? 64, t.formInput.invalid), z.array(value).max(limits.maxValues, t.formInput.invalid)]))
    .max(limits.maxKeys, t.formInput.invalid);
  const bounded = schema.safeParse([...fields]);
  if (bounded.success) return { ok: true, value: fields };
  const message = bounded.error.issues[0]?.message ?? t.formInput.invalid;
  const fieldErrors = Object.create(null) as FieldErrors;
  return { ok: false, message, fieldErrors, reply: refusal(message, fieldErrors, 400) };
}

/** A refusal in the shape screens with one message per field read: the first message of each field. */
export function firstErrors(fieldErrors: FieldErrors): Record<string, string> {
  return Object.fromEntries(Object.entries(fieldErrors).map(([name, [message]]) => [name, message ?? t.formInput.invalid]));
}

/**
 * The request's form, or a thrown 400 when its body is not one (a `text/plain` or JSON body, a broken
 * multipart stream): `request.formData()` throws a TypeError there, which would otherwise be a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw refusal(t.formInput.unreadable, Object.create(null) as FieldErrors, 400);
  }
}
