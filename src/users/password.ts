import { createPasswordWorkerPool } from './password-workers.js';
import { validationFailed } from '../errors/warden-error.js';
import { isCommonPassword } from './common-passwords.js';

// Algorithm.Argon2id (an ambient const enum the package does not export at runtime).
const ARGON2ID = 2;

/** OWASP's argon2id floor: m = 19 MiB, t = 2, p = 1. Hashing runs on low-priority worker threads, off the event loop. */
export const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * One pool per process, like libuv's: argon2 on worker threads at nice 19, one per core by
 * default, so logins use every idle core and API requests still go first (see password-workers).
 */
const hashing = createPasswordWorkerPool(ARGON2_OPTIONS);

/** Worker threads hashing at once; 0 = one per core. */
export function setPasswordHashConcurrency(concurrency: number): void {
  hashing.setSize(concurrency);
}

/** Thread ids of the argon2 workers started so far (tests check their nice value). */
export function passwordWorkerThreadIds(): Promise<Array<number | null>> {
  return hashing.threadIds();
}

export function hashPassword(password: string): Promise<string> {
  return hashing.hash(password);
}

function verifyHash(passwordHash: string, password: string): Promise<boolean> {
  return hashing.verify(passwordHash, password);
}

// Verified against when the account does not exist, so "no such user" costs what "wrong password" costs.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    dummyHash ??= hashPassword('warden-dummy-password-for-timing');
    await verifyHash(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verifyHash(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * NIST 800-63B style: length 8–128, no composition rules, and not one of the most common
 * passwords. Throws 400 `validation_failed` naming `password`.
 */
export function assertAcceptablePassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw validationFailed('password', `must be ${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH} characters`);
  }
  if (isCommonPassword(password)) throw validationFailed('password', 'is one of the most common passwords; choose another');
}
