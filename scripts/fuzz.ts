// `npm run test:fuzz`: signs in as each demo role on a fresh database, walks every page that role can
// reach, and sends each form and each query parameter found there hostile values (huge, negative,
// NaN, impossible dates, NUL, 100 k strings, `__proto__` names). Fails on any 5xx, on a request
// that gets no answer, and if the server stops answering /healthz. Runs the production build.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { SERVER_ARGS } from "./lib/server-command.mjs";

const PORT = Number(process.env.FUZZ_PORT ?? 3200);
const BASE = `http://localhost:${PORT}`;
const DB = "data/fuzz.db";
const env = { ...process.env, NODE_ENV: "production", PORT: String(PORT), DATABASE_URL: `file:./${DB}`, STORAGE_DIR: "./data/fuzz-uploads", QINGFENG_SWEEP_SECONDS: "3600" };
// Fewest forms first: what a role leaves of its share passes to the next, so admin (most forms) goes last.
const ALL_ROLES = ["staff", "staff2", "inspector", "county-manager", "manager", "trainer", "admin"];
/** FUZZ_ROLES=admin,staff runs only those (for looking into one role's forms). */
const ROLES = process.env.FUZZ_ROLES ? ALL_ROLES.filter((r) => process.env.FUZZ_ROLES!.split(",").includes(r)) : ALL_ROLES;
const PASSWORD = "qingfeng-demo";
const MAX_PAGES_PER_ROLE = Number(process.env.FUZZ_PAGES ?? 80);
const END = Date.now() + Number(process.env.FUZZ_MINUTES ?? 8) * 60_000;
/** Each role gets an even share of what time is left, so the first (admin, with the most forms) cannot use it all. */
let DEADLINE = END;

const HOSTILE = ["", "-1", "0", "1e309", "NaN", "99999999999999999999", "9999-99-99", "2026-02-30T25:61", "x\u0000y", "x".repeat(100_000), "__proto__", "{\"a\":[[[[1]]]]}", "../../etc/passwd", "<script>alert(1)</script>"];
const SKIP = /^\/(logout|healthz|mdx\/|files\/)|\.(pdf|xlsx|zip|js|css|png|svg|ico|webm|mp4)(\?|$)|\/export(\?|$)|\/certificate|template\.xlsx/;

type Field = { name: string; type: string; value: string; checked: boolean; tag: string };
type FormSpec = { role: string; page: string; method: string; action: string; multipart: boolean; fields: Field[]; buttons: { name: string; value: string }[] };
type Failure = { role: string; method: string; url: string; field: string; value: string; status: number | string };

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const attr = (attrs: string, name: string) => {
  const m = attrs.match(new RegExp(`(?:^|\\s)${name}="([^"]*)"`));
  return m ? decode(m[1]!) : null;
};

function parseForms(html: string, page: string, role: string): FormSpec[] {
  const forms: FormSpec[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const [, attrs = "", body = ""] = m;
    const method = (attr(attrs, "method") ?? "get").toLowerCase();
    const action = attr(attrs, "action") ?? page;
    const fields: Field[] = [];
    for (const f of body.matchAll(/<(input|textarea|select)\b([^>]*)>/g)) {
      const [whole, tag = "", a = ""] = f;
      const name = attr(a, "name");
      if (!name) continue;
      let value = attr(a, "value") ?? "";
      if (tag === "textarea") value = decode(body.slice(f.index! + whole.length).split("</textarea>")[0] ?? "");
      if (tag === "select") {
        const rest = body.slice(f.index! + whole.length).split("</select>")[0] ?? "";
        const selected = rest.match(/<option\b[^>]*value="([^"]*)"[^>]*selected/) ?? rest.match(/<option\b[^>]*value="([^"]*)"/);
        value = selected ? decode(selected[1]!) : "";
      }
      fields.push({ name, tag, type: (attr(a, "type") ?? tag).toLowerCase(), value, checked: /\schecked(?:=""|\s|\/|$)/.test(a) });
    }
    const buttons = [...body.matchAll(/<button\b([^>]*)>/g)].map((b) => ({ name: attr(b[1] ?? "", "name") ?? "", value: attr(b[1] ?? "", "value") ?? "" })).filter((b) => b.name);
    forms.push({ role, page, method, action, multipart: /multipart/.test(attr(attrs, "enctype") ?? ""), fields, buttons });
  }
  return forms;
}

function defaults(form: FormSpec): [string, string | Blob][] {
  const out: [string, string | Blob][] = [];
  const radios = new Set<string>();
  for (const f of form.fields) {
    if (f.type === "file") out.push([f.name, new Blob([]) as Blob]);
    else if (f.type === "checkbox") {
      if (f.checked) out.push([f.name, f.value || "on"]);
    } else if (f.type === "radio") {
      if ((f.checked || !form.fields.some((g) => g.name === f.name && g.checked)) && !radios.has(f.name)) {
        radios.add(f.name);
        out.push([f.name, f.value]);
      }
    } else if (f.type !== "submit" && f.type !== "button") out.push([f.name, f.value]);
  }
  return out;
}

class Client {
  cookie = "";
  constructor(readonly username: string) {}
  async login() {
    const body = new URLSearchParams({ username: this.username, password: PASSWORD, redirectTo: "/" });
    const res = await fetch(`${BASE}/login`, { method: "POST", body, redirect: "manual", headers: { origin: BASE, "content-type": "application/x-www-form-urlencoded" } });
    const set = res.headers.get("set-cookie");
    if (res.status !== 302 || !set) throw new Error(`sign-in as ${this.username} failed: ${res.status}`);
    this.cookie = set.split(";")[0]!;
  }
  async send(method: string, url: string, body?: FormData | URLSearchParams): Promise<Response> {
    const res = await fetch(`${BASE}${url}`, { method, body, redirect: "manual", headers: { origin: BASE, cookie: this.cookie }, signal: AbortSignal.timeout(30_000) });
    // Signed out by what was sent (end sessions, password change): sign in again.
    if (res.status === 302 && (res.headers.get("location") ?? "").startsWith("/login")) {
      await this.login();
      return fetch(`${BASE}${url}`, { method, body, redirect: "manual", headers: { origin: BASE, cookie: this.cookie }, signal: AbortSignal.timeout(30_000) });
    }
    return res;
  }
}

const shape = (path: string) => path.replace(/\/[a-z0-9]{20,}(?=\/|$|\?)/g, "/:id").split("?")[0]!;

/** Page shapes some role has crawled already: a later role visits the shapes only it reaches first. */
const crawledShapes = new Set<string>();

async function crawl(client: Client): Promise<{ forms: FormSpec[]; links: string[] }> {
  const seen = new Set<string>();
  const shapes = new Map<string, number>();
  const fresh = ["/"];
  const known: string[] = [];
  const forms: FormSpec[] = [];
  while ((fresh.length || known.length) && seen.size < MAX_PAGES_PER_ROLE && Date.now() < DEADLINE) {
    const url = (fresh.length ? fresh.shift() : known.shift())!;
    if (seen.has(url)) continue;
    seen.add(url);
    crawledShapes.add(shape(url));
    const res = await client.send("GET", url);
    if (res.status >= 500) failures.push({ role: client.username, method: "GET", url, field: "", value: "", status: res.status });
    if (!(res.headers.get("content-type") ?? "").includes("text/html")) continue;
    const html = await res.text();
    forms.push(...parseForms(html, url, client.username));
    for (const m of html.matchAll(/href="([^"]+)"/g)) {
      const href = decode(m[1]!);
      if (!href.startsWith("/") || href.startsWith("//") || SKIP.test(href)) continue;
      const s = shape(href);
      // Three pages of each shape are enough to find its forms.
      if ((shapes.get(s) ?? 0) >= 3 || seen.has(href)) continue;
      shapes.set(s, (shapes.get(s) ?? 0) + 1);
      (crawledShapes.has(s) ? known : fresh).push(href.split("#")[0]!);
    }
  }
  return { forms, links: [...seen] };
}

const failures: Failure[] = [];
let requests = 0;

async function probe(client: Client, method: string, url: string, body: FormData | URLSearchParams | undefined, field: string, value: string) {
  requests++;
  try {
    const res = await client.send(method, url, body);
    await res.arrayBuffer();
    if (res.status >= 500) failures.push({ role: client.username, method, url, field, value: value.slice(0, 40), status: res.status });
  } catch (error) {
    failures.push({ role: client.username, method, url, field, value: value.slice(0, 40), status: String((error as Error).message) });
  }
}

function build(form: FormSpec, pairs: [string, string | Blob][]) {
  if (form.method === "get") {
    const q = new URLSearchParams(pairs.filter((p): p is [string, string] => typeof p[1] === "string"));
    return { method: "GET", url: `${form.action.split("?")[0]}?${q}`, body: undefined };
  }
  const body = form.multipart ? new FormData() : new URLSearchParams();
  for (const [k, v] of pairs) {
    if (body instanceof FormData) {
      if (typeof v === "string") body.append(k, v);
      else body.append(k, v, "");
    } else if (typeof v === "string") body.append(k, v);
  }
  return { method: "POST", url: form.action, body };
}

type Probe = { method: string; url: string; body: FormData | URLSearchParams | undefined; field: string; value: string };
const CONCURRENCY = 4;

async function run(client: Client, probes: Probe[]) {
  let next = 0;
  const worker = async () => {
    while (next < probes.length && Date.now() < DEADLINE) {
      const p = probes[next++]!;
      await probe(client, p.method, p.url, p.body, p.field, p.value);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function fuzzForm(client: Client, form: FormSpec) {
  const probes: Probe[] = [];
  const base = defaults(form);
  const variants = form.buttons.length ? form.buttons : [{ name: "", value: "" }];
  const names = [...new Set(form.fields.filter((f) => f.type !== "file" && f.type !== "submit").map((f) => f.name))];
  for (const button of variants) {
    const withButton = (pairs: [string, string | Blob][]) => (button.name ? [...pairs, [button.name, button.value] as [string, string]] : pairs);
    for (const name of names) {
      for (const value of HOSTILE) {
        const pairs = withButton([...base.filter(([k]) => k !== name), [name, value]]);
        probes.push({ ...build(form, pairs), field: name, value });
      }
    }
    // Names the browser chooses: prototype keys, with and without the prefixes forms use.
    const extra = ["__proto__", "constructor", ...names.map((n) => `${n.split(":")[0]}:__proto__`)].map((n) => [n, "1"] as [string, string]);
    probes.push({ ...build(form, withButton([...base, ...extra])), field: "__proto__ names", value: "1" });
    probes.push({ ...build(form, withButton([])), field: "(no fields)", value: "" });
  }
  await run(client, probes);
}

async function fuzzQuery(client: Client, link: string) {
  const probes: Probe[] = [];
  const u = new URL(link, BASE);
  for (const key of [...u.searchParams.keys()]) {
    for (const value of HOSTILE) {
      const v = new URL(u);
      v.searchParams.set(key, value);
      probes.push({ method: "GET", url: `${v.pathname}${v.search}`, body: undefined, field: key, value });
    }
  }
  // Path segments that are ids: a hostile id must be a 404, not a 500.
  if (/\/[a-z0-9]{20,}(\/|$)/.test(u.pathname)) {
    for (const value of ["x", "%00", "__proto__", "1e309", "a".repeat(5000)]) {
      probes.push({ method: "GET", url: u.pathname.replace(/\/[a-z0-9]{20,}(?=\/|$)/, `/${value}`), body: undefined, field: "(path id)", value });
    }
  }
  await run(client, probes);
}

async function healthy() {
  try {
    return (await fetch(`${BASE}/healthz`, { signal: AbortSignal.timeout(5_000) })).ok;
  } catch {
    return false;
  }
}

async function main() {
  if (!fs.existsSync("build/server/index.js")) spawnSync("npx", ["react-router", "build"], { stdio: "inherit" });
  for (const s of ["", "-wal", "-shm"]) fs.rmSync(DB + s, { force: true });
  fs.rmSync("data/fuzz-uploads", { recursive: true, force: true });
  const setup = spawnSync("npx", ["tsx", "scripts/setup.ts"], { stdio: ["ignore", "ignore", "inherit"], env });
  if (setup.status !== 0) throw new Error("setup failed");
  const server = spawn("node", SERVER_ARGS, { env, stdio: ["ignore", "ignore", "pipe"] });
  let serverLog = "";
  server.stderr.on("data", (d: Buffer) => (serverLog = (serverLog + d.toString()).slice(-20_000)));
  try {
    for (let i = 0; i < 60 && !(await healthy()); i++) await new Promise((r) => setTimeout(r, 500));
    if (!(await healthy())) throw new Error("server did not start");
    const done = new Set<string>();
    for (const [i, role] of ROLES.entries()) {
      DEADLINE = Date.now() + (END - Date.now()) / (ROLES.length - i);
      const client = new Client(role);
      await client.login();
      const { forms, links } = await crawl(client);
      for (const form of forms) {
        // A form is marked done only once it has been fuzzed whole: one cut off by this role's share
        // of the time is left for the next role that reaches it.
        if (Date.now() >= DEADLINE) break;
        const key = `${form.method} ${shape(form.action)} ${form.fields.map((f) => f.name).sort().join(",")}`;
        if (done.has(key) || SKIP.test(form.action)) continue;
        if (process.env.FUZZ_VERBOSE) console.log(`  form ${key}  (${form.page})`);
        await fuzzForm(client, form);
        if (Date.now() < DEADLINE) done.add(key);
        if (!(await healthy())) throw new Error(`server stopped answering after the form on ${form.page} (${form.action})`);
      }
      for (const link of links) {
        if (Date.now() >= DEADLINE) break;
        const key = `GET ${shape(link)} ${[...new URL(link, BASE).searchParams.keys()].sort().join(",")}`;
        if (done.has(key)) continue;
        await fuzzQuery(client, link);
        if (Date.now() < DEADLINE) done.add(key);
      }
      console.log(`fuzz: ${role}: ${links.length} pages, ${forms.length} forms; ${requests} requests so far${Date.now() >= DEADLINE ? " (its share of the time ran out)" : ""}`);
    }
  } finally {
    server.kill("SIGTERM");
  }
  if (Date.now() > END) console.log("fuzz: stopped at the time limit");
  const unique = new Map(failures.map((f) => [`${f.method} ${shape(f.url)} ${f.field}`, f]));
  for (const f of unique.values()) console.log(`  ${f.status} ${f.method} ${f.url.slice(0, 120)}  [${f.role}] ${f.field}=${JSON.stringify(f.value)}`);
  if (failures.length) {
    console.log(serverLog.split("\n").slice(-30).join("\n"));
    console.log(`fuzz: ${failures.length} failed requests (${unique.size} distinct) of ${requests}`);
    process.exit(1);
  }
  console.log(`fuzz: ${requests} hostile requests, no 5xx`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
