/**
 * `npm run extract -- FILE [--json]`: proposes candidate claims for a plain-text article (first lines `URL:` /
 * `DATE:` when present), using the actors and incidents of the store the bot uses (DATABASE_PATH, DATA_DIR).
 * Nothing is written: candidates are for a person to review.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { extractClaims, parseArticleFile } from '../extract/extract.ts';
import type { ClaimCandidate } from '../extract/types.ts';
import { readGazetteer } from '../store/gazetteer-reader.ts';
import { readConfiguredStore } from './configured-store.ts';

const argsSchema = z.object({
  file: z.string({ error: 'usage: npm run extract -- FILE [--json]' }).min(1),
  json: z.boolean(),
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function readArticleText(file: string): string {
  if (!existsSync(file)) fail(`Cannot read ${file}: no such file.`);
  if (!statSync(file).isFile()) fail(`Cannot read ${file}: not a file.`);
  return readFileSync(file, 'utf8');
}

/** The JSON shape the issue asks for, required keys first. */
function toJson(c: ClaimCandidate) {
  return {
    claimant: c.claimant,
    claimant_state: c.claimantState,
    actor: c.actor,
    sponsor_state: c.sponsorState,
    stance: c.stance,
    confidence_wording: c.confidenceWording,
    quote: c.quote,
    start: c.start,
    end: c.end,
    likelihood: c.likelihood,
    actor_slug: c.actorSlug,
    incident_slug: c.incidentSlug,
    rule: c.rule,
  };
}

function table(candidates: ClaimCandidate[]): string {
  if (candidates.length === 0) return 'No candidate claims found.';
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  return candidates
    .map((c, i) =>
      [
        `${i + 1}. ${c.stance}: ${cut(c.claimant, 60)} (${c.claimantState ?? 'no state'}) → ${c.actor || '(no actor named)'}${c.sponsorState ? ` [sponsor ${c.sponsorState}]` : ''}`,
        `   hedge: ${c.confidenceWording ?? '—'} (${c.likelihood})   rule: ${c.rule}`,
        `   “${cut(c.quote, 160)}”`,
      ].join('\n'),
    )
    .join('\n');
}

const argv = process.argv.slice(2);
const parsed = argsSchema.safeParse({ file: argv.find((a) => !a.startsWith('--')), json: argv.includes('--json') });
if (!parsed.success) fail(parsed.error.issues[0]?.message ?? 'usage: npm run extract -- FILE [--json]');
const unknownFlag = argv.find((a) => a.startsWith('--') && a !== '--json');
if (unknownFlag) fail(`Unknown option ${unknownFlag}: usage: npm run extract -- FILE [--json]`);

const article = parseArticleFile(readArticleText(parsed.data.file));
if (article.text.trim() === '') fail(`${parsed.data.file} is empty: no article text to read.`);

let candidates: ClaimCandidate[];
try {
  candidates = readConfiguredStore((store) => extractClaims(article, readGazetteer(store.db)));
} catch (error) {
  fail((error as Error).message);
}
console.log(parsed.data.json ? JSON.stringify(candidates.map(toJson), null, 2) : table(candidates));
