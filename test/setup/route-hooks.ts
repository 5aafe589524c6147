import { vi } from 'vitest';
import { forgetRouteData, givenRouteData } from './route-data';

// A route component rendered by a test outside a router reads the data the test gave it
// (test/setup/route-data.ts); inside a router, or when the test gave none, Remix's own hooks answer.
// Everything else in @remix-run/react is the real thing.
vi.mock('@remix-run/react', async (importOriginal) => {
  const remix = await importOriginal<typeof import('@remix-run/react')>();
  return {
    ...remix,
    useLoaderData: () => {
      const given = givenRouteData();
      return given ? given.loaderData : remix.useLoaderData();
    },
    useActionData: () => {
      const given = givenRouteData();
      return given ? given.actionData : remix.useActionData();
    },
    useRouteLoaderData: (routeId: string) => (givenRouteData() ? undefined : remix.useRouteLoaderData(routeId)),
    useSearchParams: (...args: Parameters<typeof remix.useSearchParams>) => {
      const given = givenRouteData();
      return given ? [new URLSearchParams(given.search), () => {}] : remix.useSearchParams(...args);
    },
  };
});

forgetRouteData();
