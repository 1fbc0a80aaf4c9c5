// The production server: static assets, security headers with a per-request CSP nonce, the
// same-origin check for every non-GET request, and the React Router request handler.
import crypto from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@react-router/express";
import compression from "compression";
import express from "express";

const PORT = Number(process.env.PORT ?? 3000);
const HOST = process.env.HOST ?? "0.0.0.0";
const BUILD = path.resolve(process.env.QINGFENG_BUILD ?? "build/server/index.js");
const trustProxy = process.env.TRUST_PROXY === "1" || process.env.TRUST_PROXY === "true";

const app = express();
app.disable("x-powered-by");
if (trustProxy) app.set("trust proxy", true);
app.use(compression());

app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  const https = req.secure;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
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
    ].join("; "),
  );
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
  res.status(403).type("text/plain; charset=utf-8").send("请求来源不被允许（跨站请求已拒绝）。");
});

app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y", index: false }));
app.use(express.static("build/client", { maxAge: "1h", index: false }));

const build = await import(BUILD);
app.all(
  "*",
  createRequestHandler({
    build,
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientIp: req.ip ?? req.socket.remoteAddress ?? "" }),
  }),
);

const server = app.listen(PORT, HOST, () => {
  console.log(`清风学堂 listening on http://localhost:${PORT}`);
});
const shutdown = () => server.close(() => process.exit(0));
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
