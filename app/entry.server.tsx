import { Writable } from 'node:stream';
import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { renderToPipeableStream } from 'react-dom/server';
import './load-context';
import { NonceContext } from './nonce';

const ABORT_DELAY = 5_000;

/**
 * Each page is rendered whole and sent as one body. No page defers data (no Suspense boundaries),
 * so streaming gave nothing earlier, but React's small chunks cost a write each on the way through
 * a web stream to the socket; one buffer is one write, with its length known.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  return new Promise<Response>((resolve, reject) => {
    let rendered = false;
    // A render still going after ABORT_DELAY is stopped; one that finished clears this.
    let abortRender = () => {};
    const timeLimit = setTimeout(() => abortRender(), ABORT_DELAY);
    timeLimit.unref();
    const chunks: Buffer[] = [];
    // No 'close' once finished: React takes a destination's close for a reader gone and aborts,
    // which, after a whole render, only ends the finished stream again (an error made and dropped,
    // every request).
    const body = new Writable({
      emitClose: false,
      write(chunk: Buffer | string, _encoding, done) {
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        done();
      },
    });
    body.on('finish', () => {
      clearTimeout(timeLimit);
      responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
      resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          rendered = true;
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (rendered) console.error(error);
        },
      },
    );
    abortRender = abort;
  });
}
