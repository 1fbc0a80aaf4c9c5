// Device cookies, as OWASP's "Slow Down Online Guessing Attacks with Device Cookies" describes: a
// browser that signed in successfully as a user receives a cookie naming that user, with a random
// nonce and an HMAC under a server key. Presented again for the same user, it lets the attempt use
// the device's own budget, so guesses from other browsers or addresses never lock the owner out.
// The cookie grants no access by itself: the password is still checked.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { databasePath, getEnv } from "#app/lib/env.server.ts";
import { isSecureRequest } from "./session.server.ts";

const COOKIE_PREFIX = "qf_device_";
const VERSION = "v1";
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 180 * 24 * 60 * 60;
const NONCE = /^[A-Za-z0-9_-]{22,64}$/;

let cachedKey: Buffer | undefined;

/** The HMAC key: QINGFENG_DEVICE_KEY, or a random key kept in keys/device.key beside the database. */
function deviceKey(): Buffer {
  if (cachedKey) return cachedKey;
  const configured = getEnv().QINGFENG_DEVICE_KEY;
  cachedKey = configured ? Buffer.from(configured, "utf8") : keyFromFile(path.join(path.dirname(databasePath()), "keys", "device.key"));
  return cachedKey;
}

function keyFromFile(file: string): Buffer {
  if (!fs.existsSync(file)) {
    // Write aside and hard-link into place: link fails if another process won the race, and then
    // both read the one key that is there, never a half-written file.
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const aside = `${file}.${process.pid}.${crypto.randomUUID()}`;
    fs.writeFileSync(aside, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
    try {
      fs.linkSync(aside, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      fs.rmSync(aside, { force: true });
    }
  }
  const text = fs.readFileSync(file, "utf8").trim();
  if (text.length < 32) throw new Error(`The device-cookie key in ${file} is shorter than 32 characters; delete the file to create a new one.`);
  return Buffer.from(text, "utf8");
}

function mac(username: string, nonce: string, issuedAt: number): Buffer {
  return crypto.createHmac("sha256", deviceKey()).update(`qingfeng-device|${VERSION}|${username}|${nonce}|${issuedAt}`).digest();
}

/** One cookie per user, so several people can share a desk's browser. */
export function deviceCookieName(username: string): string {
  return COOKIE_PREFIX + crypto.createHash("sha256").update(username).digest("hex").slice(0, 16);
}

export type DeviceCookie = { name: string; value: string; nonce: string };

/** A fresh device cookie for `username` (normalised), issued after a successful sign-in. */
export function issueDeviceCookie(username: string, now = new Date()): DeviceCookie {
  const nonce = crypto.randomBytes(18).toString("base64url");
  const issuedAt = Math.floor(now.getTime() / 1000);
  const value = [VERSION, Buffer.from(username, "utf8").toString("base64url"), nonce, issuedAt, mac(username, nonce, issuedAt).toString("base64url")].join(".");
  return { name: deviceCookieName(username), value, nonce };
}

/**
 * The nonce of a genuine, unexpired device cookie issued for `username`, found in a Cookie header;
 * null for a missing, forged, altered, expired or other user's cookie.
 */
export function trustedDevice(cookieHeader: string | null | undefined, username: string, now = new Date()): string | null {
  const value = readCookie(cookieHeader, deviceCookieName(username));
  if (!value || value.length > 300) return null;
  const parts = value.split(".");
  if (parts.length !== 5) return null;
  const [version, encodedName, nonce, issued, signature] = parts as [string, string, string, string, string];
  if (version !== VERSION || !NONCE.test(nonce) || !/^\d{1,12}$/.test(issued)) return null;
  if (Buffer.from(encodedName, "base64url").toString("utf8") !== username) return null;
  const issuedAt = Number(issued);
  const age = now.getTime() / 1000 - issuedAt;
  if (age > DEVICE_COOKIE_MAX_AGE_SECONDS || age < -300) return null;
  const given = Buffer.from(signature, "base64url");
  const expected = mac(username, nonce, issuedAt);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  return nonce;
}

/** The Set-Cookie header for a device cookie: long-lived, HttpOnly, sent only to this site. */
export function deviceCookieHeader(request: Request, cookie: DeviceCookie): string {
  const secure = isSecureRequest(request) ? "; Secure" : "";
  return `${cookie.name}=${cookie.value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${DEVICE_COOKIE_MAX_AGE_SECONDS}${secure}`;
}

function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=") || null;
  }
  return null;
}
