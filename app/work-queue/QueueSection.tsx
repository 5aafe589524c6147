import type { ReactNode } from 'react';
import { Table } from '../components/Table';

export interface QueueSectionProps {
  title: string;
  /** A sentence saying how many wait, like "2 orders wait for you to accept or decline them." */
  summary: string;
  head: string[];
  rows: ReactNode[][];
  /** Where all of them are, when the page lists only the first few. */
  more?: { href: string; text: string };
}

/** One kind of work on a home page: a heading, how many wait, the first few in a table, and the way to the rest. */
export function QueueSection({ title, summary, head, rows, more }: QueueSectionProps) {
  return (
    <>
      <h2 className="govuk-heading-m">{title}</h2>
      <p className="govuk-body">{summary}</p>
      {rows.length ? (
        <Table caption={title} captionClassName="govuk-visually-hidden" head={head} firstCellIsHeader rows={rows} />
      ) : null}
      {more ? (
        <p className="govuk-body">
          <a className="govuk-link" href={more.href}>
            {more.text}
          </a>
        </p>
      ) : null}
    </>
  );
}

/** "1 order" or "3 orders". */
export function countOf(n: number, singular: string, plural: string): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
