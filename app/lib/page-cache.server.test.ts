import crypto from "node:crypto";
import zlib from "node:zlib";
import { describe, expect, test } from "vitest";
import { changed } from "./cache.server.ts";
import { cachedPage, inlineScriptHashes, invalidateAllPages, storePage, ticketFor } from "./page-cache.server.ts";

const html = (who: string) => `<!DOCTYPE html><html><body><p>${who}</p><script nonce="abc">window.x = 1;</script><script type="module" src="/assets/a.js"></script></body></html>`;

describe("the per-person page cache", () => {
  test("serves a stored page only to the same person and path, with gzip and script hashes", () => {
    const ticket = ticketFor("u1", "/learn/c/l");
    expect(cachedPage(ticket)).toBeUndefined();
    expect(storePage(ticket, html("张三"), "text/html", "abc")).toBe(true);
    const page = cachedPage(ticketFor("u1", "/learn/c/l"))!;
    expect(page.html.toString()).toContain("张三");
    expect(zlib.gunzipSync(page.gzip).toString()).toBe(html("张三"));
    expect(page.scriptHashes).toEqual([`'sha256-${crypto.createHash("sha256").update("window.x = 1;").digest("base64")}'`]);
    expect(cachedPage(ticketFor("u2", "/learn/c/l"))).toBeUndefined();
    expect(cachedPage(ticketFor("u1", "/learn/c/other"))).toBeUndefined();
  });

  test("a render that began before a change is not stored", () => {
    const before = ticketFor("c", "/p");
    invalidateAllPages();
    expect(storePage(before, html("stale"), "text/html", "abc")).toBe(false);
    expect(cachedPage(ticketFor("c", "/p"))).toBeUndefined();
  });

  test("publishing or a change to people ends everybody's pages; entries expire after a minute", () => {
    const now = Date.now();
    storePage(ticketFor("e", "/p"), html("e"), "text/html", "abc", now);
    expect(cachedPage(ticketFor("e", "/p"), now + 59_000)).toBeDefined();
    expect(cachedPage(ticketFor("e", "/p"), now + 60_000)).toBeUndefined();
    storePage(ticketFor("f", "/p"), html("f"), "text/html", "abc");
    invalidateAllPages();
    expect(cachedPage(ticketFor("f", "/p"))).toBeUndefined();
  });

  test("hashes cover the inline scripts that carry the render's nonce; a page with any other inline script is not stored", () => {
    expect(inlineScriptHashes(`<script src="/a.js"></script><SCRIPT type="module" nonce="n1">import("/b.js")</SCRIPT><script nonce="n1">a</script><script nonce="n1">a</script>`, "n1")).toHaveLength(2);
    const injected = `<p>课文</p><script>alert(1)</script><script nonce="n1">window.x = 1;</script>`;
    expect(inlineScriptHashes(injected, "n1")).toBeNull();
    expect(inlineScriptHashes(`<script nonce="other">a</script>`, "n1")).toBeNull();
    expect(storePage(ticketFor("h", "/p"), injected, "text/html", "n1")).toBe(false);
    expect(cachedPage(ticketFor("h", "/p"))).toBeUndefined();
  });
});

describe("what ends everybody's pages", () => {
  test("a change to people, grants or units, any publish or sync of content, and any question change", () => {
    for (const topic of ["people", "curriculum", "questions"] as const) {
      storePage(ticketFor("g", "/p"), html("g"), "text/html", "abc");
      expect(cachedPage(ticketFor("g", "/p"))).toBeDefined();
      changed(topic);
      expect(cachedPage(ticketFor("g", "/p")), topic).toBeUndefined();
    }
    // An exam's settings are not on any stored page.
    storePage(ticketFor("g", "/p"), html("g"), "text/html", "abc");
    changed("exams");
    expect(cachedPage(ticketFor("g", "/p"))).toBeDefined();
  });
});
