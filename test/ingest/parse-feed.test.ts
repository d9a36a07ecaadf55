import { describe, expect, test } from 'vitest';
import { FeedParseError, parseFeedItems, publishedDate } from '../../src/ingest/parse-feed.ts';
import { fixture } from './helpers/server.ts';

const base = 'http://feeds.test';

describe('parseFeedItems', () => {
  test('GIVEN an RSS feed THEN items carry plain titles, absolute links, dates and plain summaries; linkless items are counted', () => {
    const parsed = parseFeedItems(fixture('advisories.rss', base), `${base}/advisories.rss`);
    expect(parsed.format).toBe('rss');
    expect(parsed.skippedWithoutLink).toBe(1);
    expect(parsed.items.map((i) => i.title)).toEqual([
      'Advisory: Quartz Heron targets water utilities',
      'Ministry statement on the harbour outage',
      'Notice whose page has gone',
    ]);
    const [first, , third] = parsed.items;
    expect(first?.url).toBe(`${base}/articles/quartz-heron?utm_source=rss&utm_medium=feed`);
    // The publisher's own calendar day, not the UTC one (21:15 -0500 is already the 4th in UTC).
    expect(first?.published).toBe('2026-03-03');
    expect(first?.summary).toBe('The agency warns of Quartz Heron activity.');
    expect(third?.summary).toBe(
      'Officials in Sylvania said the outage was probably caused by the group known as Copper Lantern.',
    );
  });

  test('GIVEN an Atom feed THEN the alternate link is taken (relative ones resolved) and html titles lose their markup', () => {
    const parsed = parseFeedItems(fixture('statements.atom', base), `${base}/statements.atom`);
    expect(parsed.format).toBe('atom');
    expect(parsed.items.map((i) => i.url)).toEqual([
      `${base}/articles/quartz-heron#comments`,
      `${base}/mirror/harbour-copy`,
      `${base}/articles/lantern-report`,
    ]);
    expect(parsed.items[0]?.title).toBe('Statement on Quartz Heron (repost)');
    expect(parsed.items[1]?.published).toBe('2026-03-04');
    expect(parsed.items[2]?.summary).toBe('Full report text.');
  });

  test('GIVEN a JSON Feed THEN its items are read too', () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'J',
      items: [
        {
          id: '1',
          url: 'https://j.test/1',
          title: 'One',
          content_text: 'Plain body.',
          date_published: '2026-02-01T10:00:00Z',
        },
      ],
    });
    expect(parseFeedItems(json, 'https://j.test/feed.json').items).toEqual([
      { title: 'One', url: 'https://j.test/1', published: '2026-02-01', summary: 'Plain body.' },
    ]);
  });

  test('GIVEN an RSS 1.0 (RDF) feed THEN its items and Dublin Core dates are read', () => {
    const rdf = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://r.test/"><title>R</title><link>https://r.test/</link><description>d</description></channel>
  <item rdf:about="https://r.test/1"><title>Made-up bulletin</title><link>https://r.test/1</link>
    <description>Bulletin text.</description><dc:date>2026-01-15T09:00:00+09:00</dc:date></item>
</rdf:RDF>`;
    expect(parseFeedItems(rdf, 'https://r.test/feed.rdf')).toEqual({
      format: 'rdf',
      items: [
        { title: 'Made-up bulletin', url: 'https://r.test/1', published: '2026-01-15', summary: 'Bulletin text.' },
      ],
      skippedWithoutLink: 0,
    });
  });

  test('GIVEN malformed XML or something that is no feed THEN FeedParseError with one line', () => {
    expect(() => parseFeedItems('<?xml version="1.0"?><rss version="2.0"><channel><item><title>Half', base)).toThrow(
      FeedParseError,
    );
    expect(() => parseFeedItems('<html><body>hello</body></html>', base)).toThrow(
      /^Not a readable RSS, Atom or JSON feed/,
    );
  });

  test('GIVEN a link that is not http(s) THEN the item is skipped and counted', () => {
    const rss = `<rss version="2.0"><channel><title>t</title><item><title>a</title><link>javascript:alert(1)</link></item></channel></rss>`;
    expect(parseFeedItems(rss, base)).toMatchObject({ items: [], skippedWithoutLink: 1 });
  });
});

describe('publishedDate', () => {
  test.each([
    ['2026-03-04T23:30:00-05:00', '2026-03-04'],
    ['Wed, 4 Mar 2026 08:00:00 GMT', '2026-03-04'],
    ['4 March 2026', '2026-03-04'],
    ['2026-02-30', null],
    ['soon', null],
  ])('GIVEN %s THEN %s', (raw, expected) => {
    expect(publishedDate(raw)).toBe(expected);
  });
});
