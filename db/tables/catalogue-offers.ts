/** Kysely types for the table made by migration 0031; db/schema.ts's Database includes it. */

/** Who a published service is offered to: kept by the database from the service's sold_to. */
export type OfferAudience = 'any_school' | 'school_in_area' | 'partner_council';

export interface CatalogueOffersTable {
  tenant_id: string;
  service_id: string;
  audience: OfferAudience;
  /** The area of a school_in_area offer; empty for the others. */
  la_code: string;
}

export interface CatalogueOfferTables {
  catalogue_offers: CatalogueOffersTable;
}
