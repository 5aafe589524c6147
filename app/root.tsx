import { data, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import {
  isRouteErrorResponse,
  Links,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import { useContext, type ReactNode } from 'react';
import { UNSAFE_DataRouterStateContext, useMatches } from 'react-router-dom';
import { pageTitle } from './components/document-title';
import { csrfTokenFor } from './auth/csrf.server';
import { buyerCan, providerCan } from './auth/permissions';
import { CsrfInput } from './components/CsrfInput';
import { Page, type NavItem } from './components/Page';
import { useNonce } from './nonce';
import { signedInPerson } from './auth/signed-in.server';
import { contextOf } from './tenancy/current-context.server';
import styles from './styles/app.scss?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const csrf = csrfTokenFor(request);
  // The same one transaction the page's guard uses: who is signed in and where they belong.
  const person = await signedInPerson(request);
  return data(
    {
      csrf: csrf.token,
      person: person ? { name: person.session.name, email: person.session.email } : null,
      context: person ? contextOf(person) : null,
      platformAdmin: person?.platformAdmin ?? false,
    },
    csrf.setCookie ? { headers: { 'Set-Cookie': csrf.setCookie } } : undefined,
  );
}

export type RootData = Awaited<ReturnType<typeof loader>>['data'];

export function useRootData(): RootData | undefined {
  return useRouteLoaderData<typeof loader>('root') as RootData | undefined;
}

export function useCsrfToken(): string {
  return useRootData()?.csrf ?? '';
}

function navigationFor(
  root: RootData | undefined,
  pathname: string,
): { name?: string; href?: string; items: NavItem[] } {
  const context = root?.context;
  if (!context) return { items: [] };
  if (context.kind === 'tenant') {
    const base = `/t/${context.slug}`;
    const items: NavItem[] = [{ href: base, label: 'Home' }];
    if (providerCan(context.role, 'catalogue.view')) {
      items.push({ href: `${base}/services`, label: 'Services' });
      items.push({ href: `${base}/schedules`, label: 'Charge schedules' });
    }
    if (providerCan(context.role, 'orders.view')) {
      items.push({ href: `${base}/orders`, label: 'Orders' });
      items.push({ href: `${base}/agreements`, label: 'Agreements' });
    }
    if (providerCan(context.role, 'customers.view')) items.push({ href: `${base}/customers`, label: 'Customers' });
    if (providerCan(context.role, 'orders.manage')) items.push({ href: `${base}/renewals`, label: 'Renewals' });
    if (providerCan(context.role, 'delivery.log')) items.push({ href: `${base}/work`, label: 'Delivery' });
    if (providerCan(context.role, 'feedback.view')) items.push({ href: `${base}/feedback`, label: 'Feedback' });
    if (providerCan(context.role, 'improvement.view')) items.push({ href: `${base}/schools`, label: 'Schools' });
    if (providerCan(context.role, 'finance.manage')) {
      items.push({ href: `${base}/billing`, label: 'Billing' });
      items.push({ href: `${base}/documents`, label: 'Invoices' });
      items.push({ href: `${base}/payments`, label: 'Payments' });
      items.push({ href: `${base}/finance`, label: 'Finance' });
    }
    if (providerCan(context.role, 'users.manage')) {
      items.push({ href: `${base}/users`, label: 'Users and roles' });
      items.push({ href: `${base}/settings`, label: 'Settings' });
    }
    if (providerCan(context.role, 'audit.view')) items.push({ href: `${base}/audit`, label: 'Audit log' });
    return { name: context.name, href: base, items: markCurrent(items, pathname) };
  }
  const buyerItems: NavItem[] = [
    { href: '/buy/services', label: 'Services' },
    { href: '/buy/basket', label: 'Basket' },
    { href: '/buy/orders', label: 'Orders' },
    { href: '/buy/renewals', label: 'Renewals' },
    { href: '/buy/invoices', label: 'Invoices' },
  ];
  if (buyerCan(context.role, 'buy.commission')) buyerItems.push({ href: '/buy/agreements', label: 'Agreements' });
  if (buyerCan(context.role, 'buy.settings')) buyerItems.push({ href: '/buy/settings', label: 'Approval' });
  return { name: context.name, href: '/buy', items: markCurrent(buyerItems, pathname) };
}

function markCurrent(items: NavItem[], pathname: string): NavItem[] {
  const best = items
    .filter((i) => pathname === i.href || pathname.startsWith(`${i.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return items.map((i) => ({ ...i, current: i === best }));
}

function AccountSlot({ root }: { root: RootData | undefined }) {
  if (!root?.person)
    return (
      <p className="app-org-switcher__item">
        <a className="govuk-link" href="/sign-in">
          Sign in
        </a>
      </p>
    );
  return (
    <>
      <p className="app-org-switcher__item">
        <a className="govuk-link" href="/account">
          {root.person.name}
        </a>
      </p>
      <p className="app-org-switcher__item">
        <a className="govuk-link" href="/organisations">
          Switch organisation
        </a>
      </p>
      {root.platformAdmin ? (
        <p className="app-org-switcher__item">
          <a className="govuk-link" href="/platform/schools">
            Platform administration
          </a>
        </p>
      ) : null}
      <form method="post" action="/sign-out" className="app-org-switcher__form">
        <CsrfInput token={root.csrf} />
        <button type="submit" className="app-link-button">
          Sign out
        </button>
      </form>
    </>
  );
}

function titleForError(error: unknown): string {
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) return 'Page not found – Traded';
    return 'There is a problem – Traded';
  }
  return 'Sorry, there is a problem with the service – Traded';
}

/** The page's one <title>: its route's name, with "Error: " while an error summary shows. */
function useDocumentTitle(): string {
  const error = useRouteError();
  const matches = useMatches();
  const state = useContext(UNSAFE_DataRouterStateContext);
  if (error) return titleForError(error);
  const leaf = matches[matches.length - 1];
  const actionData = leaf ? (state?.actionData?.[leaf.id] as { errors?: unknown[] } | undefined) : undefined;
  // A GET form (a search, a download) answers its errors in the page's own data.
  const loaderData = leaf?.data as { errors?: unknown[] } | null | undefined;
  return pageTitle(leaf?.handle, leaf?.data, Boolean(actionData?.errors?.length || loaderData?.errors?.length));
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const root = useRootData();
  const { pathname } = useLocation();
  const nav = navigationFor(root, pathname);
  return (
    <html lang="en-GB" className="govuk-template">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#0b0c0c" />
        <title>{useDocumentTitle()}</title>
        <Links />
      </head>
      <body className="govuk-template__body">
        <Page
          serviceName={nav.name}
          serviceHref={nav.href}
          navigation={nav.items}
          accountSlot={<AccountSlot root={root} />}
        >
          {children}
        </Page>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    if (error.status === 404)
      return (
        <>
          <h1 className="govuk-heading-l">Page not found</h1>
          <p className="govuk-body">If you typed the web address, check it is correct.</p>
          <p className="govuk-body">If you pasted the web address, check you copied the entire address.</p>
          <p className="govuk-body">
            <a className="govuk-link" href="/">
              Go to the start page
            </a>
          </p>
        </>
      );
    const message = typeof error.data === 'string' && error.data ? error.data : error.statusText;
    return (
      <>
        <h1 className="govuk-heading-l">{error.status === 403 ? 'You cannot do that' : 'There is a problem'}</h1>
        <p className="govuk-body">{message}</p>
        <p className="govuk-body">
          <a className="govuk-link" href="/">
            Go to the start page
          </a>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="govuk-heading-l">Sorry, there is a problem with the service</h1>
      <p className="govuk-body">Try again later. Nothing you entered has been saved.</p>
    </>
  );
}
