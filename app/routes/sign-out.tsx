import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { readForm } from '../auth/csrf.server';
import { getCurrentSession } from '../auth/guards.server';
import { clearSessionCookie, invalidateSession } from '../auth/session.server';

export async function loader() {
  return redirect('/');
}

export async function action({ request }: ActionFunctionArgs) {
  await readForm(request);
  const session = await getCurrentSession(request);
  if (session) await invalidateSession(session.sessionId);
  return redirect('/signed-out', { headers: { 'Set-Cookie': clearSessionCookie(request) } });
}
