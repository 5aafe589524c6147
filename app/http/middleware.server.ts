import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { runCounted, serverTiming, type StatementTally } from '../../db/statement-count.server';
import { hasInvisibleCharacter } from '../forms/invisible';
import { MAX_GIAS_BYTES } from '../platform/schools-upload-form';
import { runWithRequestMemo } from './request-memo.server';

/** A form post: generous for the longest textarea, small enough that nobody can fill the memory. */
export const FORM_BODY_LIMIT_BYTES = 1024 * 1024;
/** Room for the rest of a multipart body around an uploaded file. */
const MULTIPART_ROOM_BYTES = 1024 * 1024;

/**
 * The uploads, each with its own larger limit: the largest file its page accepts (the page
 * refuses a file over that with a GOV.UK error) plus the rest of the form. With JavaScript, Remix
 * posts to the same address with `.data` added.
 */
export const UPLOAD_BODY_LIMITS: Array<{ path: RegExp; bytes: number }> = [
  // The schedule import page refuses a CSV file over 2 MB (its MAX_CSV_BYTES).
  { path: /^\/t\/[^/]+\/schedules\/import(\.data)?\/?$/, bytes: 2 * 1024 * 1024 + MULTIPART_ROOM_BYTES },
  { path: /^\/platform\/schools(\.data)?\/?$/, bytes: MAX_GIAS_BYTES + MULTIPART_ROOM_BYTES },
];

export function bodyLimitFor(path: string): number {
  return UPLOAD_BODY_LIMITS.find((upload) => upload.path.test(path))?.bytes ?? FORM_BODY_LIMIT_BYTES;
}

function plainPage(res: Response, status: number, message: string) {
  res.status(status).setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(message);
}

function tooLarge(req: Request, res: Response, limit: number) {
  // The rest of the body is never read: the connection closes once the refusal is sent.
  res.setHeader('Connection', 'close');
  res.on('finish', () => req.socket.destroy());
  plainPage(
    res,
    413,
    `What you sent is too large: the limit is ${Math.round(limit / 1024 / 1024)} MB. Go back and send less.`,
  );
}

/**
 * Refuses a body over the limit before anything parses it: at once from its Content-Length, or,
 * for a chunked body, as soon as the bytes counted pass the limit. Must run immediately before
 * the handler that reads the body (in the same tick), so no chunk passes uncounted.
 */
export function limitRequestBody(req: Request, res: Response, next: NextFunction) {
  const limit = bodyLimitFor(req.path);
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    if (!/^\d+$/.test(declared) || Number(declared) > limit) return tooLarge(req, res, limit);
    return next();
  }
  if (req.headers['transfer-encoding'] === undefined) return next();
  let received = 0;
  const count = (chunk: Buffer) => {
    received += chunk.length;
    if (received <= limit) return;
    req.off('data', count);
    if (!res.headersSent) tooLarge(req, res, limit);
    // Whatever was reading the body fails rather than seeing half of it.
    if (req.listenerCount('error') > 0) req.emit('error', new Error('Request body too large'));
  };
  req.on('data', count);
  next();
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * A state-changing request that a browser says came from another site (or from an opaque origin,
 * `Origin: null`) is refused with a plain 403. An absent Origin passes: the CSRF token is the main
 * defence, this is the second.
 */
export function refuseForeignOrigin(publicUrl: string | undefined) {
  const publicHost = publicUrl ? hostOf(publicUrl) : null;
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const origin = req.headers.origin;
    if (origin === undefined) return next();
    const host = hostOf(origin);
    if (host !== null && (host === publicHost || host === req.headers.host)) return next();
    plainPage(
      res,
      403,
      'This request came from another website, so it was refused. Go back to the service and try again.',
    );
  };
}

/** An address with a control character in its path (a NUL, say) names no page. */
export function refuseInvisiblePaths(req: Request, res: Response, next: NextFunction) {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    return plainPage(res, 404, 'Page not found');
  }
  if (hasInvisibleCharacter(path) || /[\t\r\n]/.test(path)) return plainPage(res, 404, 'Page not found');
  next();
}

/** Pages and data are about a person or an organisation: no browser or proxy keeps a copy. */
export function noStore(_req: Request, res: Response, next: NextFunction) {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

/**
 * Counts the SQL statements the rest of the request runs and reports them, with the time they
 * took, as `Server-Timing: sql;desc="N statements";dur=ms` once the answer's head is written.
 */
export function countSqlStatements(_req: Request, res: Response, next: NextFunction) {
  const tally: StatementTally = { statements: 0, transactions: 0, milliseconds: 0 };
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
    if (!res.headersSent) res.setHeader('Server-Timing', serverTiming(tally));
    return writeHead.apply(this, args);
  } as Response['writeHead'];
  runCounted(tally, next);
}

/** Loaders of one page share what they each ask (who is signed in) through the request's memo. */
export function rememberPerRequest(req: Request, _res: Response, next: NextFunction) {
  runWithRequestMemo(req.method, next);
}

/** A handler still reading a body already refused (413) fails quietly: the answer has been sent. */
export function ignoreErrorsAfterRefusal(error: unknown, _req: Request, res: Response, next: NextFunction) {
  if (res.headersSent) return;
  next(error);
}

/**
 * Puts the pages behind these checks: control characters in the path, cross-origin posts, bodies
 * over the limit, and no-store on everything the handler answers (static files are served before).
 */
export function serveRemix(app: Express, publicUrl: string | undefined, handler: RequestHandler) {
  app.use(refuseInvisiblePaths);
  app.all(
    '*',
    refuseForeignOrigin(publicUrl),
    noStore,
    countSqlStatements,
    rememberPerRequest,
    limitRequestBody, // last: the handler must start reading the body in the same tick
    handler,
  );
  app.use(ignoreErrorsAfterRefusal);
}
