/**
 * One spelling per article address, so the same story shared with tracking parameters, a fragment or a trailing
 * slash is recognised as already read.
 */

/** Query parameters that say who shared a link, not what it points to. */
const trackingParameter = /^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid)$/i;

/** The canonical form of an http(s) URL, or null when `raw` is not one. */
export function canonicalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // URL already lower-cases scheme and host and drops the default port of the scheme.
  url.hash = '';
  url.username = '';
  url.password = '';
  const kept = [...url.searchParams.entries()]
    .filter(([name]) => !trackingParameter.test(name))
    .sort(([a, av], [b, bv]) => (a === b ? compare(av, bv) : compare(a, b)));
  url.search = new URLSearchParams(kept).toString();
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = url.pathname.replace(/\/+$/, '');
  let text = url.toString();
  // "https://a.example/" and "https://a.example" are one page; keep the shorter spelling.
  if (url.pathname === '/' && url.search === '') text = text.replace(/\/$/, '');
  return text;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Hosts are the same site when they differ at most by a leading `www.`. */
function sameSite(a: URL, b: URL): boolean {
  const bare = (host: string) => host.replace(/^www\./, '');
  return bare(a.hostname) === bare(b.hostname);
}

/**
 * The canonical URL of a page read from `pageUrl`: its `<link rel="canonical">` when that points to the same site
 * (a page cannot claim to be another site's article), else the page's own address.
 */
export function pageCanonicalUrl(pageUrl: string, canonicalHref: string | null): string | null {
  const own = canonicalUrl(pageUrl);
  if (own === null || canonicalHref === null || canonicalHref.trim() === '') return own;
  let declared: URL;
  try {
    declared = new URL(canonicalHref.trim(), pageUrl);
  } catch {
    return own;
  }
  if (!sameSite(declared, new URL(own))) return own;
  return canonicalUrl(declared.toString()) ?? own;
}
