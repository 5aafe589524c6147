import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import Catalogue, { type loader } from '../../app/routes/buy.services._index';
import { routeData } from '../setup/route-data';

type CatalogueData = Awaited<ReturnType<typeof loader>>;

const remix = routeData();

const provider = (n: number) => ({ slug: `council-${n}`, providerName: `Council ${n} Education Services` });

/** A school with an account with council 1, offered services by `offering` providers in all. */
function catalogueOfferedBy(offering: number): CatalogueData {
  return {
    front: true,
    contactOfficers: [],
    kind: 'school',
    providers: [
      {
        ...provider(1),
        laCode: '852',
        providerKind: 'council',
        contactEmail: 'traded@council-1.example',
        customerName: 'Bitterne Park Primary School',
        customerClass: 'own_maintained',
        settlementMethod: 'recharge',
      },
    ],
    sellers: Array.from({ length: offering }, (_, i) => provider(i + 1)),
    services: [],
    pricedFor: null,
    total: 0,
    page: 1,
    pages: 1,
    search: '',
    category: '',
    provider: '',
  };
}

function render(data: CatalogueData) {
  remix.loaderData = data;
  remix.search = '';
  const html = renderToStaticMarkup(createElement(Catalogue));
  const sentence = /<p class="govuk-body">([^<]*without an account yet[^<]*)<\/p>/.exec(html)?.[1] ?? null;
  const options = [...html.matchAll(/<option value="(council-\d+)"/g)].map((m) => m[1]);
  return { sentence, options };
}

describe("the buyer's providers", () => {
  it('names the few providers offering services without an account', () => {
    const { sentence, options } = render(catalogueOfferedBy(3));
    expect(sentence).toBe(
      'Also offering you services without an account yet: Council 2 Education Services, Council 3 Education Services.',
    );
    expect(options).toEqual(['council-1', 'council-2', 'council-3']);
  });

  it('counts them when most of the country offers the school services, each still under the provider filter', () => {
    const { sentence, options } = render(catalogueOfferedBy(139));
    expect(sentence).toBe(
      '138 more providers offer you services without an account yet: choose one under Provider to see theirs.',
    );
    expect(options).toHaveLength(139);
    expect(options).toContain('council-139');
  });

  it('says nothing of others when every provider offering services holds an account', () => {
    expect(render(catalogueOfferedBy(1)).sentence).toBeNull();
  });
});

describe("a search's results", () => {
  it('lead with the services under their own heading, with a way back to the providers', () => {
    remix.loaderData = { ...catalogueOfferedBy(139), front: false, providers: [], search: 'day' };
    remix.search = '?q=day';
    const html = renderToStaticMarkup(createElement(Catalogue));
    expect(/<h1 class="govuk-heading-l">([^<]*)<\/h1>/.exec(html)?.[1]).toBe('Services you can buy');
    expect(html).toContain('<a class="govuk-link" href="/buy/services">Your providers and contact officers</a>');
    expect(html).not.toContain('Providers who sell to you');
    expect(html).not.toContain('without an account yet');
    // Every provider offering the buyer services is still a filter.
    expect([...html.matchAll(/<option value="council-\d+"/g)]).toHaveLength(139);
  });
});
