// The production server: static assets, security headers with a per-request CSP nonce, the
// same-origin check for every non-GET request, and the React Router request handler.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequestHandler } from "@react-router/express";
import compression from "compression";
import express from "express";

const PORT = Number(process.env.PORT ?? 3000);
const HOST = process.env.HOST ?? "0.0.0.0";
const BUILD = path.resolve(process.env.QINGFENG_BUILD ?? "build/server/index.js");
const trustProxy = process.env.TRUST_PROXY === "1" || process.env.TRUST_PROXY === "true";

const build = await import(BUILD);
const { pageCache, strings } = build.entry.module;

const app = express();
app.disable("x-powered-by");
// One proxy hop: the address that proxy saw, not whatever a client wrote at the left of X-Forwarded-For.
if (trustProxy) app.set("trust proxy", 1);
// Compress what is fetched (pages, data, assets); the answers to writes are a few bytes of JSON or a
// redirect, and a gzip stream costs ~300 KB of native memory while it lives: 3,000 takers saving at
// once would hold a gigabyte of them.
app.use(compression({ filter: (req, res) => (req.method === "GET" || req.method === "HEAD") && compression.filter(req, res) }));

/** The Content-Security-Policy: inline scripts allowed by this response's nonce, or by their hashes. */
function contentSecurityPolicy({ nonce, hashes = [], https }) {
  return [
    "default-src 'self'",
    `script-src 'self' ${nonce ? `'nonce-${nonce}'` : hashes.join(" ")}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  const https = req.secure;
  res.setHeader("Content-Security-Policy", contentSecurityPolicy({ nonce, https }));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(self), microphone=(), geolocation=()");
  if (https) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  next();
});

// Every state-changing request must come from this site (CSRF defence, resource routes too).
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  const origin = req.get("origin");
  const site = `${req.protocol}://${req.get("host")}`;
  if (origin ? origin === site : req.get("sec-fetch-site") === "same-origin") return next();
  res.status(403).type("text/plain; charset=utf-8").send(strings.errors.crossSite);
});

app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y", index: false }));
// The few files at the top of build/client (favicon…): looked up by name, so page requests cost no stat.
const publicFiles = new Set(fs.readdirSync("build/client").filter((f) => f !== "assets").map((f) => `/${f}`));
const publicStatic = express.static("build/client", { maxAge: "1h", index: false });
app.use((req, res, next) => (publicFiles.has(req.path) ? publicStatic(req, res, next) : next()));


// Lesson pages: served from the reader's stored render while nothing it shows has changed (ADR 010).
app.get("/learn/:course/:lesson", async (req, res, next) => {
  if (req.originalUrl !== req.path) return next();
  try {
    const { page, ticket } = await pageCache.lookup(req.path, req.headers.cookie);
    if (!page) {
      res.locals.pageCacheTicket = ticket;
      return next();
    }
    const gzip = req.acceptsEncodings("gzip") === "gzip";
    const body = gzip ? page.gzip : page.html;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy({ hashes: page.scriptHashes, https: req.secure }));
    res.setHeader("Content-Type", page.contentType);
    res.setHeader("Cache-Control", "private, no-store");
    res.setHeader("Vary", "Cookie, Accept-Encoding");
    res.setHeader("X-Page-Cache", "hit");
    if (gzip) res.setHeader("Content-Encoding", "gzip");
    res.setHeader("Content-Length", body.length);
    res.end(body);
  } catch (error) {
    next(error);
  }
});

// Everything the router answers may name a person (pages, data, PDFs, files): offices share PCs, so
// no browser or proxy keeps a copy. A route that serves something public says so itself (lesson code).
app.use((req, res, next) => {
  res.setHeader("Cache-Control", "private, no-store");
  next();
});

app.all(
  "*",
  createRequestHandler({
    build,
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientIp: req.ip ?? req.socket.remoteAddress ?? "", pageCacheTicket: res.locals.pageCacheTicket }),
  }),
);

// At 9:00 on exam day a whole bureau connects within a second: a deep accept queue (the kernel caps it
// at net.core.somaxconn) so that a burst waits instead of being dropped, and keep-alive longer than a
// browser's autosave interval so that takers keep their connection between answers.
const server = app.listen(PORT, HOST, 4096, () => {
  console.log(`${strings.app.name} listening on http://localhost:${PORT}`);
});
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
const shutdown = () => server.close(() => process.exit(0));
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

// A rejected promise that no request awaits (a background write, a timer) is logged, not fatal: one
// bad input must never take the site down. An uncaught exception leaves the process in an unknown
// state, so it exits and the supervisor (systemd, docs/deploy.md) starts it again.
process.on("unhandledRejection", (reason) => {
  console.error("unhandled rejection:", reason);
});
process.on("uncaughtException", (error) => {
  console.error("uncaught exception, exiting:", error);
  process.exit(1);
});
