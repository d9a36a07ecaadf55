/**
 * `npm run data:report`: the curated data's quality at a glance — counts against the targets, claims by stance and
 * by speaker state, claims without a URL, incidents without any counter-claim.
 */
import { CuratedDataError, loadCuratedData } from '../curated/load-curated.ts';
import { countryName } from '../domain/countries.ts';
import { counterStances } from '../domain/schemas.ts';

const targets = { incidents: 40, actors: 40, claims: 200, counterClaims: 50 };

function table(rows: Array<[string, number]>): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, n]) => `  ${label.padEnd(width)}  ${String(n).padStart(4)}`).join('\n');
}

function tally<T>(items: T[], key: (item: T) => string): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

try {
  const data = loadCuratedData(process.argv[2] ?? 'data');
  const claims = [...data.actors, ...data.incidents].flatMap((r) =>
    r.claims.map((claim) => ({ owner: r.slug, claim })),
  );
  const counters = claims.filter(({ claim }) => counterStances.has(claim.stance));
  const counts = {
    incidents: data.incidents.length,
    actors: data.actors.length,
    claims: claims.length,
    counterClaims: counters.length,
  };
  const mark = (n: number, target: number) => (n >= target ? '✓' : `✗ (target ${target})`);
  const lines = [
    'Curated data',
    `  incidents       ${String(counts.incidents).padStart(4)}  ${mark(counts.incidents, targets.incidents)}`,
    `  actors          ${String(counts.actors).padStart(4)}  ${mark(counts.actors, targets.actors)}`,
    `  claims          ${String(counts.claims).padStart(4)}  ${mark(counts.claims, targets.claims)}`,
    `  counter-claims  ${String(counts.counterClaims).padStart(4)}  ${mark(counts.counterClaims, targets.counterClaims)}`,
    '',
    'Claims by stance',
    table(tally(claims, ({ claim }) => claim.stance)),
    '',
    'Claims by speaker state',
    table(
      tally(claims, ({ claim }) =>
        claim.speaker.state ? `${claim.speaker.state} ${countryName(claim.speaker.state)}` : '(none)',
      ),
    ),
    '',
  ];
  const withoutUrl = claims.filter(({ claim }) => claim.source.url === undefined);
  lines.push(
    `Claims without a URL (${withoutUrl.length})`,
    ...withoutUrl.map(({ owner, claim }) => `  ${owner} › ${claim.id}`),
    '',
  );
  const uncontested = data.incidents.filter((i) => !i.claims.some((c) => counterStances.has(c.stance)));
  lines.push(`Incidents without any counter-claim (${uncontested.length})`, ...uncontested.map((i) => `  ${i.slug}`));
  console.log(lines.join('\n'));
} catch (error) {
  if (!(error instanceof CuratedDataError)) throw error;
  for (const p of error.problems) console.error(`${p.file} › ${p.record} › ${p.field}: ${p.message}`);
  process.exitCode = 1;
}
