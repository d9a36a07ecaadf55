/**
 * Plain text out of HTML. Readability picks the article body; we walk its DOM ourselves because its `textContent`
 * runs paragraphs together ("HeadlineFirst paragraph"). Scripts, styles and hidden elements are never read, and no
 * markup leaves this file: only text nodes are copied.
 */
import { createRequire } from 'node:module';
import type { Readability as ReadabilityClass } from '@mozilla/readability';
import type { parseHTML as ParseHtml } from 'linkedom';
import { cleanTitle, normalizeText } from './plain-text.ts';

// Loaded on first use: a DOM implementation costs a few hundred milliseconds to load, and a bot that never reads a
// page (the console, a Slack-only deployment without feeds) should not pay for it at start-up.
const load = createRequire(import.meta.url);
let dom: { parseHTML: typeof ParseHtml; Readability: typeof ReadabilityClass } | undefined;
function domLibraries() {
  dom ??= {
    parseHTML: (load('linkedom') as { parseHTML: typeof ParseHtml }).parseHTML,
    Readability: (load('@mozilla/readability') as { Readability: typeof ReadabilityClass }).Readability,
  };
  return dom;
}

/** The few DOM members used here; the project compiles without the DOM lib. */
interface DomNode {
  nodeType: number;
  childNodes: ArrayLike<DomNode>;
  textContent: string | null;
}
interface DomElement extends DomNode {
  tagName: string;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
}
interface DomDocument extends DomNode {
  documentElement: DomElement | null;
  body: DomElement | null;
  title: string;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

export interface ReadablePage {
  /** The page's own title (Readability's pick, else `<title>`), cleaned later by the caller; null when absent. */
  title: string | null;
  /** Plain text: paragraphs separated by blank lines. Empty when the page has no readable text at all. */
  text: string;
  /** `href` of `<link rel="canonical">` as written (maybe relative); null when absent. */
  canonicalHref: string | null;
  /** The publication time the page declares (meta tags or JSON-LD, as Readability finds it), as written. */
  publishedTime: string | null;
}

const elementNode = 1;
const textNode = 3;

/** Never read: code, styling, embedded documents and form controls. */
const skippedTags = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'HEAD',
  'TITLE',
  'SVG',
  'MATH',
  'IFRAME',
  'FRAME',
  'OBJECT',
  'EMBED',
  'CANVAS',
  'SELECT',
  'OPTION',
  'BUTTON',
  'INPUT',
  'TEXTAREA',
]);

/** Elements that start and end a paragraph of their own. */
const blockTags = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BODY',
  'CAPTION',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'HTML',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TR',
  'UL',
]);

const cellTags = new Set(['TD', 'TH']);

function isHidden(element: DomElement): boolean {
  if (element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true') return true;
  const style = element.getAttribute('style') ?? '';
  return /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

/**
 * The text under `root`, block by block. Iterative, so a page nested thousands of levels deep cannot overflow the
 * stack.
 */
function collectText(root: DomNode): string {
  const blocks: string[] = [];
  let current = '';
  const endBlock = () => {
    if (current.trim() !== '') blocks.push(current);
    current = '';
  };
  type Step = { node: DomNode; preformatted: boolean } | 'end-block' | 'space';
  const stack: Step[] = [{ node: root, preformatted: false }];
  while (stack.length > 0) {
    const step = stack.pop() as Step;
    if (step === 'end-block') {
      endBlock();
      continue;
    }
    if (step === 'space') {
      current += ' ';
      continue;
    }
    const { node, preformatted } = step;
    if (node.nodeType === textNode) {
      const data = node.textContent ?? '';
      // HTML collapses source line breaks into spaces, except inside <pre>.
      current += preformatted ? data : data.replace(/\s+/g, ' ');
      continue;
    }
    if (node.nodeType !== elementNode && node !== root) continue;
    const element = node as DomElement;
    const tag = node.nodeType === elementNode ? element.tagName.toUpperCase() : '';
    if (tag !== '') {
      if (skippedTags.has(tag) || isHidden(element)) continue;
      if (tag === 'BR') {
        current += '\n';
        continue;
      }
    }
    const isBlock = blockTags.has(tag);
    const isCell = cellTags.has(tag);
    if (isBlock) endBlock();
    if (isBlock) stack.push('end-block');
    if (isCell) stack.push('space');
    const inPre = preformatted || tag === 'PRE';
    for (let i = node.childNodes.length - 1; i >= 0; i--) {
      const child = node.childNodes[i];
      if (child !== undefined) stack.push({ node: child, preformatted: inPre });
    }
    if (isCell) current += ' ';
  }
  endBlock();
  return normalizeText(blocks.join('\n\n'));
}

function parseDocument(html: string): DomDocument {
  // linkedom makes a fragment's first element the document element, so anything without <html> is wrapped.
  const page = /<html[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  const { parseHTML } = domLibraries();
  const parsed = parseHTML(page).document as unknown as DomDocument;
  if (parsed.documentElement !== null && parsed.body !== null) return parsed;
  return parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`).document as unknown as DomDocument;
}

/**
 * Readability's time grows steeply with nesting depth (seconds at a few hundred levels, minutes at a few thousand);
 * real articles are far shallower, so deeper pages skip it.
 */
const maxReadabilityDepth = 200;
/** Readability refuses pages with more elements than this; they get the visible-text fallback. */
const maxReadabilityElements = 30_000;

function deeperThan(root: DomNode, limit: number): boolean {
  const stack: Array<[DomNode, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [DomNode, number];
    if (depth > limit) return true;
    for (let i = 0; i < node.childNodes.length; i++) {
      const child = node.childNodes[i];
      if (child?.nodeType === elementNode) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Plain text of an HTML fragment or page: every visible text node, in blocks. For feed summaries and titles. */
export function htmlToText(html: string): string {
  const document = parseDocument(html);
  return collectText(document.body ?? document);
}

/** Strips markup from a short string (a feed title) only when it holds some; plain text passes through. */
export function stripMarkup(text: string): string {
  return /<[a-z!/?]/i.test(text) ? htmlToText(text).replace(/\s+/g, ' ') : text;
}

/** A title from anywhere (feed, page, person) as one clean line of text: markup stripped, controls removed, cut. */
export function plainTitle(raw: string | null | undefined): string {
  return cleanTitle(stripMarkup(raw ?? ''));
}

function canonicalHrefOf(document: DomDocument): string | null {
  for (const link of Array.from(document.querySelectorAll('link[rel][href]'))) {
    const rels = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (rels.includes('canonical')) return link.getAttribute('href');
  }
  return null;
}

/** The article text of a page (Readability), or all its visible text when Readability finds no article. */
export function readableText(html: string): ReadablePage {
  const document = parseDocument(html);
  const canonicalHref = canonicalHrefOf(document);
  const pageTitle = document.title.trim() || null;
  const { Readability } = domLibraries();
  let article: ReturnType<ReadabilityClass<DomNode>['parse']> = null;
  if (!deeperThan(document, maxReadabilityDepth)) {
    try {
      // The serializer hands back the article's DOM node instead of an HTML string we would have to parse again.
      article = new Readability<DomNode>(document as never, {
        maxElemsToParse: maxReadabilityElements,
        serializer: (node) => node as unknown as DomNode,
      }).parse();
    } catch {
      // Too many elements, or a document Readability cannot handle: the visible text below is still worth having.
    }
  }
  const articleText = article?.content ? collectText(article.content) : '';
  const title = article?.title?.trim() || pageTitle;
  const publishedTime = article?.publishedTime?.trim() || null;
  if (articleText !== '') return { title, text: articleText, canonicalHref, publishedTime };
  // Readability changes the document it reads, so the fallback starts from a fresh parse.
  const fresh = parseDocument(html);
  return { title, text: collectText(fresh.body ?? fresh), canonicalHref, publishedTime };
}
