import { PassThrough, Writable } from "node:stream";
import { createReadableStreamFromReadable } from "@react-router/node";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import type { AppLoadContext, EntryContext } from "react-router";
import { ServerRouter } from "react-router";
import { startBackgroundJobs } from "#app/services/jobs.server.ts";
import { cachedPage, storePage, ticketFor, type CachedPage, type Ticket } from "#app/lib/page-cache.server.ts";
import { currentUserFromToken } from "#app/modules/identity/auth.server.ts";
import { sessionTokenFromCookie } from "#app/modules/identity/session.server.ts";

startBackgroundJobs();

/** The UI strings, for the few words server.mjs sends itself (the cross-site refusal). */
export { t as strings } from "#app/lib/strings.ts";

/** Pages whose rendered HTML is kept per person (app/lib/page-cache.server.ts, ADR 010). */
const CACHED_ROUTES = new Set(["routes/lesson"]);
const CACHED_PATHS = /^\/learn\/[^/?#]+\/[^/?#]+$/;

/**
 * Used by server.mjs in front of the router: a stored page for this reader (after checking their
 * session), or a ticket that lets the render which follows be stored.
 */
export const pageCache = {
  async lookup(path: string, cookie: string | undefined): Promise<{ page?: CachedPage; ticket?: Ticket }> {
    if (!CACHED_PATHS.test(path)) return {};
    const user = await currentUserFromToken(sessionTokenFromCookie(cookie));
    if (!user) return {};
    const ticket = ticketFor(user.id, path);
    return { page: cachedPage(ticket), ticket };
  },
};

export const streamTimeout = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const context = loadContext as { cspNonce?: string; pageCacheTicket?: Ticket } | undefined;
  const nonce = context?.cspNonce || undefined;
  const ticket = context?.pageCacheTicket;
  const handler = routerContext.staticHandlerContext;
  if (ticket && request.method === "GET" && responseStatusCode === 200 && !handler.errors && !responseHeaders.has("set-cookie") && CACHED_ROUTES.has(handler.matches.at(-1)?.route.id ?? "")) {
    return renderWhole(request, responseHeaders, routerContext, nonce, ticket);
  }
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const userAgent = request.headers.get("user-agent");
    const readyOption = (userAgent && isbot(userAgent)) || routerContext.isSpaMode ? "onAllReady" : "onShellReady";
    let timeout: ReturnType<typeof setTimeout> | undefined = setTimeout(() => abort(), streamTimeout + 1000);
    const { pipe, abort } = renderToPipeableStream(<ServerRouter context={routerContext} url={request.url} nonce={nonce} />, {
      nonce,
      [readyOption]() {
        shellRendered = true;
        const body = new PassThrough({
          final(callback) {
            clearTimeout(timeout);
            timeout = undefined;
            callback();
          },
        });
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        pipe(body);
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) console.error(error);
      },
    });
  });
}

/** Renders the whole page, stores it for this person, and sends it. */
function renderWhole(request: Request, responseHeaders: Headers, routerContext: EntryContext, nonce: string | undefined, ticket: Ticket) {
  return new Promise<Response>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let failed = false;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
      final(callback) {
        clearTimeout(timeout);
        const html = Buffer.concat(chunks).toString("utf8");
        const contentType = "text/html; charset=utf-8";
        if (!failed && nonce) storePage(ticket, html, contentType, nonce);
        responseHeaders.set("Content-Type", contentType);
        resolve(new Response(html, { headers: responseHeaders, status: failed ? 500 : 200 }));
        callback();
      },
    });
    const timeout = setTimeout(() => abort(), streamTimeout + 1000);
    const { pipe, abort } = renderToPipeableStream(<ServerRouter context={routerContext} url={request.url} nonce={nonce} />, {
      nonce,
      onAllReady() {
        pipe(sink);
      },
      onShellError(error: unknown) {
        clearTimeout(timeout);
        reject(error);
      },
      onError(error: unknown) {
        failed = true;
        console.error(error);
      },
    });
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  console.error(error);
}
