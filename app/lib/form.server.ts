// Reading form fields whose names the browser chooses ("q:<questionId>", "found:<itemKey>"). The names
// are user input: they go into a Map, never onto a plain object, so a field named "q:__proto__" or
// "found:constructor" cannot reach Object.prototype (one such POST once crashed the server).

/** Every value of every field named `<prefix><key>`, keyed by `<key>`, in form order. */
export function fieldsWithPrefix(form: Iterable<[string, FormDataEntryValue]>, prefix: string, limit = 500): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, value] of form) {
    if (!name.startsWith(prefix) || typeof value !== "string") continue;
    const key = name.slice(prefix.length);
    if (!key) continue;
    const list = out.get(key);
    if (list) list.push(value);
    else {
      if (out.size >= limit) continue;
      out.set(key, [value]);
    }
  }
  return out;
}

/** The first value of each field named `<prefix><key>`. */
export function firstWithPrefix(form: Iterable<[string, FormDataEntryValue]>, prefix: string, limit = 500): Map<string, string> {
  return new Map([...fieldsWithPrefix(form, prefix, limit)].map(([k, v]) => [k, v[0] ?? ""]));
}

/** Plain string fields of a urlencoded or multipart form, as a prototype-free record. */
export function stringFields(form: Iterable<[string, FormDataEntryValue]>): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of form) if (typeof value === "string" && !(name in out)) out[name] = value;
  return out;
}
