import { insertAuditEvent } from '../../db/queries/audit';
import { insertTermDatesIfMissing } from '../../db/queries/calendar';
import {
  actForNewProvider,
  findCouncilByLaCode,
  findOrAddTrust,
  findProviderClashes,
  findSchoolByUrn,
  insertCouncilOrganisation,
  insertProvider,
} from '../../db/queries/providers';
import { insertInvitation } from '../../db/queries/tenancy';
import { getDatabase } from '../../db/client.server';
import { londonToday } from '../calendar/contract-year';
import { academicYearOf, defaultTerms } from '../calendar/terms';
import type { FieldError } from '../components/ErrorSummary';
import { newInvitationToken, sendInvitationMail } from '../tenancy/invite-member.server';
import type { ProviderInput } from './provider-form';

/** Refusals the form shows against their fields; nothing was saved. */
export class ProviderRefused extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'ProviderRefused';
  }
}

export interface PlatformActor {
  userId: string;
  name: string;
  email: string;
}

/**
 * A platform administrator adds a provider: a council, a teaching school (an open school in the
 * schools list, by URN) or an academy trust (by name and Companies House number). The provider,
 * its organisation where new, its usual term dates, its first admin's invitation and the audit
 * entries are one transaction; the invitation mail goes out after it commits.
 */
export async function createProvider(actor: PlatformActor, input: ProviderInput, baseUrl: string) {
  const { db } = await getDatabase();
  const { token, tokenHash, expiresAt } = newInvitationToken();
  const created = await db
    .transaction()
    .execute(async (tx) => {
      const refusals: FieldError[] = [];
      let organisationId: string | null = null;
      let laCode = input.laCode;
      let address = input.address;
      let postcode = input.postcode;
      if (input.kind === 'teaching_school') {
        const school = await findSchoolByUrn(tx, input.urn!);
        if (!school) refusals.push({ field: 'urn', message: `No school has the URN ${input.urn} in the schools list` });
        else if (school.status !== 'Open')
          refusals.push({ field: 'urn', message: `${school.name} (URN ${input.urn}) is not open` });
        else {
          organisationId = school.organisationId;
          laCode ??= school.la_code;
          address ??= [school.street, school.town].filter((l) => l?.trim()).join('\n') || undefined;
          postcode ??= school.postcode?.trim().toUpperCase() || undefined;
          if (!address) refusals.push({ field: 'address', message: 'Enter the school’s address' });
          if (!postcode) refusals.push({ field: 'postcode', message: 'Enter the school’s postcode' });
        }
      } else if (input.kind === 'council') {
        organisationId = (await findCouncilByLaCode(tx, laCode!))?.id ?? null;
      }

      const clashes = await findProviderClashes(tx, {
        slug: input.slug,
        invoicePrefix: input.invoicePrefix,
        referencePrefix: input.referencePrefix,
        organisationId,
      });
      if (clashes.slug)
        refusals.push({
          field: 'slug',
          message: `The web address name ${input.slug} is already used by ${clashes.slug}`,
        });
      if (clashes.invoicePrefix)
        refusals.push({
          field: 'invoicePrefix',
          message: `The invoice prefix ${input.invoicePrefix} is already used by ${clashes.invoicePrefix}: choose another, so invoice numbers read apart`,
        });
      if (clashes.referencePrefix)
        refusals.push({
          field: 'referencePrefix',
          message: `The reference prefix ${input.referencePrefix} is already used by ${clashes.referencePrefix}`,
        });
      if (clashes.organisation)
        refusals.push({
          field: input.kind === 'teaching_school' ? 'urn' : 'laCode',
          message: `That ${input.kind === 'teaching_school' ? 'school' : 'council'} is already a provider: ${clashes.organisation}`,
        });
      if (refusals.length) throw new ProviderRefused(refusals);

      if (input.kind === 'council')
        organisationId ??= await insertCouncilOrganisation(tx, { laCode: laCode!, name: input.name });
      if (input.kind === 'academy_trust') {
        organisationId = await findOrAddTrust(tx, {
          name: input.trustName!,
          companiesHouseNumber: input.companiesHouseNumber!,
        });
        const again = await findProviderClashes(tx, {
          slug: '',
          invoicePrefix: '',
          referencePrefix: '',
          organisationId,
        });
        if (again.organisation)
          throw new ProviderRefused([
            { field: 'companiesHouseNumber', message: `That trust is already a provider: ${again.organisation}` },
          ]);
      }

      const tenantId = await insertProvider(tx, {
        kind: input.kind,
        slug: input.slug,
        name: input.name,
        organisationId: organisationId!,
        laCode: laCode!,
        address: address!,
        postcode: postcode!,
        vatNumber: input.vatNumber ?? null,
        invoicePrefix: input.invoicePrefix,
        referencePrefix: input.referencePrefix,
        contactEmail: input.contactEmail,
      });

      const scoped = await actForNewProvider(tx, { tenantId, userId: actor.userId });
      // The usual term dates of this academic year and the next, as the demo authorities start with.
      const year = academicYearOf(londonToday());
      await insertTermDatesIfMissing(scoped, tenantId, [defaultTerms(year), defaultTerms(year + 1)]);
      await insertAuditEvent(scoped, {
        tenantId,
        actorUserId: actor.userId,
        action: 'provider.created',
        subjectType: 'tenant',
        subjectId: tenantId,
        detail: { kind: input.kind, name: input.name, slug: input.slug, by: 'platform' },
      });
      const { id: invitationId } = await insertInvitation(scoped, {
        tenantId,
        email: input.adminEmail,
        role: 'admin',
        tokenHash,
        invitedBy: actor.userId,
        expiresAt,
      });
      await insertAuditEvent(scoped, {
        tenantId,
        actorUserId: actor.userId,
        action: 'member.invited',
        subjectType: 'invitation',
        subjectId: invitationId,
        detail: { email: input.adminEmail, role: 'admin', by: 'platform' },
      });
      return { tenantId, slug: input.slug, name: input.name };
    })
    .catch((error: unknown) => {
      // Two administrators adding the same names at once: the database's unique keys decide.
      const e = error as { code?: string; constraint_name?: string; constraint?: string; message?: string };
      if (e.code === '23505') {
        const constraint = e.constraint_name ?? e.constraint ?? e.message ?? '';
        const field = /reference_prefix/.test(constraint)
          ? 'referencePrefix'
          : /organisation/.test(constraint)
            ? input.kind === 'teaching_school'
              ? 'urn'
              : 'laCode'
            : 'slug';
        throw new ProviderRefused([
          { field, message: 'Another provider was added with this at the same moment: choose another' },
        ]);
      }
      throw error;
    });

  await sendInvitationMail({
    email: input.adminEmail,
    token,
    role: 'admin',
    tenant: created,
    invitedBy: { name: actor.name, email: actor.email },
    baseUrl,
  });
  return created;
}
