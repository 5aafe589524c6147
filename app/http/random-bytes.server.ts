import { randomFillSync } from 'node:crypto';

// Every page's CSP nonce (and each new token) is random bytes from the system's cryptographic
// generator. Asked for 16 or 20 bytes at a time, the generator's fixed cost per call was about 2%
// of a page's CPU under load; drawn 8 KB at a time (as Node's own randomUUID does), it is nothing.
// Each byte is handed out once, copied, and wiped from the pool.
const pool = Buffer.alloc(8192);
let used = pool.length;

/** `size` bytes from the system's cryptographic random generator, never handed out before. */
export function randomBytesOnce(size: number): Buffer {
  if (size > pool.length) return randomFillSync(Buffer.alloc(size));
  if (used + size > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const bytes = Buffer.from(pool.subarray(used, used + size));
  pool.fill(0, used, used + size);
  used += size;
  return bytes;
}
