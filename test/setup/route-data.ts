/**
 * What a route's component reads from Remix when a test renders it outside a router: its loader's
 * and action's data and the page's query string (test/setup/route-hooks.ts hands them to the
 * component's hooks). A test file that asks for it renders with it; one that does not (it renders
 * inside a real router, or not at all) gets Remix's own hooks. Each test file starts without it.
 */
export interface RouteData {
  loaderData: unknown;
  actionData: unknown;
  search: string | URLSearchParams;
}

const key = Symbol.for('traded.test.route-data');
type WithRouteData = typeof globalThis & { [key]?: RouteData };

/** This test file's route data, from now on what its rendered components read. */
export function routeData(): RouteData {
  return ((globalThis as WithRouteData)[key] ??= { loaderData: undefined, actionData: undefined, search: '' });
}

/** The route data a test file asked for, if it did. */
export function givenRouteData(): RouteData | undefined {
  return (globalThis as WithRouteData)[key];
}

export function forgetRouteData(): void {
  delete (globalThis as WithRouteData)[key];
}
