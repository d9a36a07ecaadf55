/**
 * `export stix <query>`: resolves the query as /incident does, then as /actor (a slug works for either), writes the
 * STIX 2.1 bundle to standard output or a file, and validates it against the OASIS schemas when they can be found.
 * Standard output carries only the bundle; everything said to the person goes to standard error.
 */
import type { Catalog } from '../core/catalog.ts';
import { actorToStix, incidentToStix, type StixBundle } from './stix.ts';
import { createStixValidator, findStixSchemas, formatStixProblem } from './validate-stix.ts';

export const exportUsage = 'Usage: npm run export -- stix <incident or actor> [--out FILE] [--schemas DIR]';

export interface ExportIo {
  catalog: Catalog;
  /** Standard output: the bundle. */
  stdout(text: string): void;
  /** Standard error: one line at a time. */
  stderr(line: string): void;
  writeFile(path: string, text: string): void;
}

interface ExportArgs {
  format: string;
  query: string;
  out?: string;
  schemas?: string;
}

function parseArgs(args: string[]): ExportArgs | string {
  const words: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--out' || arg === '--schemas') {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) return `${arg} needs a value`;
      options[arg.slice(2)] = value;
    } else if (arg.startsWith('--')) {
      return `unknown option ${arg}`;
    } else {
      words.push(arg);
    }
  }
  const [format, ...query] = words;
  if (format === undefined) return 'say what to export';
  if (format !== 'stix') return `unknown format "${format}" (only "stix" is supported)`;
  if (query.length === 0) return 'say which incident or actor to export';
  return { format, query: query.join(' '), ...options };
}

/**
 * The bundle for a query, or the one line to say instead. An exact slug wins (incident, then actor); otherwise the
 * query goes to /incident's search, and only when that finds nothing to /actor's, as a person would try them.
 */
export interface ResolvedStixExport {
  bundle: StixBundle;
  /** "incident jaxa-2016-tick". */
  what: string;
  kind: 'incident' | 'actor';
  slug: string;
  /** The incident's title or the actor's name. */
  name: string;
}

/** What to export when a query matches several records: each with its kind, slug and name. */
export interface ExportChoices {
  problem: string;
  choices: Array<{ kind: 'incident' | 'actor'; slug: string; name: string }>;
}

export function resolveStixExport(catalog: Catalog, query: string): ResolvedStixExport | ExportChoices | string {
  const slug = query.trim().toLowerCase();
  const exportIncident = (s: string) => {
    const dossier = catalog.incidentDossier(s);
    return dossier
      ? {
          bundle: incidentToStix(dossier, catalog),
          what: `incident ${s}`,
          kind: 'incident' as const,
          slug: s,
          name: dossier.incident.title,
        }
      : undefined;
  };
  const exportActor = (s: string) => {
    const profile = catalog.actorProfile(s);
    return profile
      ? {
          bundle: actorToStix(profile, catalog),
          what: `actor ${s}`,
          kind: 'actor' as const,
          slug: s,
          name: profile.actor.name,
        }
      : undefined;
  };
  const bySlug = exportIncident(slug) ?? exportActor(slug);
  if (bySlug) return bySlug;
  const several = (choices: ExportChoices['choices']): ExportChoices => ({
    problem: `Several matches for "${query}"; export one by its slug: ${choices
      .map((c) => `${c.kind} ${c.slug} (${c.name})`)
      .join('; ')}.`,
    choices,
  });

  const incidents = catalog.searchIncidents(query);
  if (incidents.kind === 'match')
    return exportIncident(incidents.item.slug) ?? `Incident ${incidents.item.slug} is gone.`;
  if (incidents.kind === 'choices') {
    return several(incidents.items.map((i) => ({ kind: 'incident' as const, slug: i.slug, name: i.title })));
  }
  const actors = catalog.searchActors(query);
  if (actors.kind === 'match') return exportActor(actors.item.slug) ?? `Actor ${actors.item.slug} is gone.`;
  if (actors.kind === 'choices') {
    return several(actors.items.map((a) => ({ kind: 'actor' as const, slug: a.slug, name: a.name })));
  }
  const nearest = [...incidents.suggestions.map((i) => i.slug), ...actors.suggestions.map((a) => a.slug)];
  return `No incident or actor matches "${query}".${nearest.length > 0 ? ` Nearest: ${nearest.join(', ')}.` : ''}`;
}

/** Runs the command; returns the exit code. */
export function runExport(args: string[], io: ExportIo): number {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`${parsed}. ${exportUsage}`);
    return 2;
  }
  const found = resolveStixExport(io.catalog, parsed.query);
  const resolved = typeof found !== 'string' && 'problem' in found ? found.problem : found;
  if (typeof resolved === 'string') {
    io.stderr(resolved);
    return 1;
  }
  const { bundle, what } = resolved;
  const text = `${JSON.stringify(bundle, null, 2)}\n`;
  if (parsed.out !== undefined) io.writeFile(parsed.out, text);
  else io.stdout(text);

  const where = parsed.out !== undefined ? ` to ${parsed.out}` : '';
  const schemasDir = parsed.schemas !== undefined ? findStixSchemas(parsed.schemas) : findStixSchemas();
  if (schemasDir === undefined) {
    io.stderr(
      `Exported ${what}${where}: ${bundle.objects.length} STIX objects. Validation skipped: no STIX 2.1 schemas found` +
        ` at ${parsed.schemas ?? '../shared/datasets/oasis-cti-stix2-json-schemas/schemas'}.`,
    );
    return 0;
  }
  const problems = createStixValidator(schemasDir).validate(bundle);
  if (problems.length > 0) {
    io.stderr(`Exported ${what}${where}, but the bundle does not validate against the STIX 2.1 schemas:`);
    for (const problem of problems.slice(0, 20)) io.stderr(`  ${formatStixProblem(problem)}`);
    if (problems.length > 20) io.stderr(`  … and ${problems.length - 20} more`);
    return 1;
  }
  io.stderr(`Exported ${what}${where}: ${bundle.objects.length} STIX objects, valid against the STIX 2.1 schemas.`);
  return 0;
}
