/**
 * `npm run extract:eval [-- DIR]`: runs the extractor on labelled articles and prints precision, recall and F1
 * overall and per file, then every miss and every extra candidate on one line each. DIR is the shared corpus (default
 * ../shared/corpus: its dev/ articles, and the unlabelled seed article listed separately) or any folder holding a
 * labels.json next to its texts (the held-out sets in test/extract/heldout*).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateArticles, goldLabelsSchema, type Score } from '../extract/evaluate.ts';
import { extractClaims, parseArticleFile } from '../extract/extract.ts';
import type { ClaimCandidate, Gazetteer } from '../extract/types.ts';
import { readGazetteer } from '../store/gazetteer-reader.ts';
import { readConfiguredStore } from './configured-store.ts';

const corpusDir = process.argv[2] ?? fileURLToPath(new URL('../../../shared/corpus', import.meta.url));
const labelledHere = existsSync(join(corpusDir, 'labels.json'));
const devDir = labelledHere ? corpusDir : join(corpusDir, 'dev');
const labelsFile = join(devDir, 'labels.json');

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

if (!existsSync(labelsFile)) fail(`Cannot read ${labelsFile}: no such file (pass the corpus folder as argument).`);
let labels: ReturnType<typeof goldLabelsSchema.parse>;
try {
  const parsed = goldLabelsSchema.safeParse(JSON.parse(readFileSync(labelsFile, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(`${labelsFile}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  labels = parsed.data;
} catch (error) {
  fail(`${labelsFile}: not valid JSON (${(error as Error).message})`);
}

let gazetteer: Gazetteer;
try {
  gazetteer = readConfiguredStore((store) => readGazetteer(store.db));
} catch (error) {
  fail((error as Error).message);
}

const pct = (n: number) => `${(100 * n).toFixed(1)}%`.padStart(6);
const line = (label: string, s: Score) =>
  `${label.padEnd(42)} P ${pct(s.precision)}  R ${pct(s.recall)}  F1 ${pct(s.f1)}  (tp ${s.truePositives}, fp ${s.falsePositives}, fn ${s.falseNegatives})`;
const describe = (c: ClaimCandidate) =>
  `${c.stance} by ${c.claimantState ?? '—'} (${c.claimant.slice(0, 40)}) → ${c.actor || '(none)'} [${c.rule}]: ${c.quote.slice(0, 90)}`;

const { files: scores, overall: total } = evaluateArticles(
  labels.map((gold) => ({ gold, article: parseArticleFile(readFileSync(join(devDir, gold.file), 'utf8')) })),
  gazetteer,
);

const out: string[] = [`Claim extraction on ${devDir}`, ''];
for (const s of scores) out.push(line(s.file, s));
out.push('', line('overall', total), '');
for (const s of scores) {
  for (const m of s.misses)
    out.push(
      `miss   ${s.file}: ${m.stance} by ${m.claimant_state ?? '—'} → ${m.actor ?? '(none)'}: ${m.quote.slice(0, 90)}`,
    );
  for (const c of s.extras) out.push(`extra  ${s.file}: ${describe(c)}`);
  for (const c of s.distractorHits) out.push(`DISTRACTOR ${s.file}: ${describe(c)}`);
}
const seedFile = labelledHere ? undefined : readdirSync(corpusDir).find((f) => f.endsWith('.txt'));
if (seedFile) {
  const seed = parseArticleFile(readFileSync(join(corpusDir, seedFile), 'utf8'));
  out.push('', `Seed article ${seedFile} (no labels):`);
  for (const c of extractClaims(seed, gazetteer)) out.push(`  ${describe(c)}`);
}
console.log(out.join('\n'));
