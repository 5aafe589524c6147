import { beforeEach, describe, expect, it } from 'vitest';
import * as scheduleImport from '../../app/routes/t.$tenant.schedules.import';
import { asUser, respond, twoTenants, type Browser, type TestTenant } from '../setup/fixtures';

// A file that is not a CSV at all gets one short sentence, not an error summary full of its bytes.

let alpha: TestTenant;
let admin: Browser;

beforeEach(async () => {
  ({ alpha } = await twoTenants());
  admin = await asUser(alpha.adminId, `tenant:${alpha.id}`);
});

function upload(bytes: Uint8Array, name: string): Request {
  const body = new FormData();
  body.set('csrf', admin.csrf);
  body.set('yearKind', 'academic');
  body.set('startYear', '2026');
  body.set('file', new File([Buffer.from(bytes)], name, { type: 'text/csv' }));
  return new Request('http://localhost/t/alpha/schedules/import', {
    method: 'POST',
    body,
    headers: { cookie: admin.cookie },
  });
}

describe('uploading a price list that is not a CSV file', () => {
  it('a binary file renamed .csv is refused with one short message', async () => {
    const binary = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    const posted = await respond(() =>
      scheduleImport.action({ request: upload(binary, 'prices.csv'), params: { tenant: 'alpha' }, context: {} }),
    );
    expect(posted.status).toBe(400);
    const errors = (posted.value as { errors: { field: string; message: string }[] }).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      field: 'file',
      message: expect.stringMatching(/binary data, so it is not a CSV file/),
    });
    expect(errors[0]!.message.length).toBeLessThan(200);
  });

  it('an Excel workbook renamed .csv says to save it as CSV', async () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Uint8Array(200)]);
    const posted = await respond(() =>
      scheduleImport.action({ request: upload(xlsx, 'prices.csv'), params: { tenant: 'alpha' }, context: {} }),
    );
    expect(posted.status).toBe(400);
    const errors = (posted.value as { errors: { message: string }[] }).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/Excel workbook.*save it as "CSV \(comma delimited\)"/);
  });
});
