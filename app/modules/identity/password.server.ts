// Password hashing with argon2id at OWASP's recommended parameters (19 MiB, t=2, p=1), and the
// password rules: 8–64 characters, not on the bundled list of common or breached passwords.
import { hash, verify } from "@node-rs/argon2";
import { t } from "#app/lib/strings.ts";
import { COMMON_PASSWORDS } from "./common-passwords.ts";

const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A real hash to verify against when the account does not exist, so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export function dummyVerify(password: string): Promise<boolean> {
  dummyHash ??= hashPassword("qingfeng-dummy-password-for-timing");
  return dummyHash.then((h) => verifyPassword(h, password)).then(() => false);
}

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 64;

/** Returns a Chinese message when the password is not acceptable, otherwise null. */
export function passwordProblem(password: string, context: { username?: string; name?: string } = {}): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return t.passwordRules.tooShort(PASSWORD_MIN);
  if (length > PASSWORD_MAX) return t.passwordRules.tooLong(PASSWORD_MAX);
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return t.passwordRules.common;
  if (context.username && lower.includes(context.username.toLowerCase()) && context.username.length >= 3) {
    return t.passwordRules.containsUsername;
  }
  if (/^(.)\1+$/.test(password)) return t.passwordRules.oneCharacter;
  return null;
}
