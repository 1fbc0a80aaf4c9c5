// Baseline for the lesson page: bare node:http + renderToString of the same compiled lesson code.
import http from "node:http";
import Database from "better-sqlite3";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { getMDXComponent } from "mdx-bundler/client/index.js";

const [, , file, hash, port] = process.argv as [string, string, string, string, string];
const db = new Database(file, { readonly: true });
const { code } = db.prepare(`SELECT "code" FROM "CompiledMdx" WHERE "hash" = ?`).get(hash) as { code: string };
const Component = getMDXComponent(code);
const stub = (tag: string) => (props: { children?: ReactNode }) => createElement(tag, null, props.children ?? "");
const components = { KeyPoint: stub("aside"), CiteArticle: stub("figure"), CiteCase: stub("a"), Video: stub("video"), KnowledgeCheck: stub("section") };

http
  .createServer((_req, res) => {
    const html = renderToString(createElement(Component, { components }));
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html><body>${html}</body></html>`);
  })
  // The same connection settings as server.mjs (accept queue, keep-alive), so both meet the same burst.
  .listen(Number(port), "127.0.0.1", 4096).keepAliveTimeout = 65_000;
