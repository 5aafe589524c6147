import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { requireBuyer } from '../auth/guards.server';

// The buyer's catalogue lives at /buy/services.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireBuyer(request);
  return redirect('/buy/services');
}
