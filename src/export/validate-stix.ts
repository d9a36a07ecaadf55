/**
 * Validates a STIX 2.1 bundle against the OASIS JSON Schemas (draft 2020-12), loaded at run time from a folder laid
 * out like `oasis-open/cti-stix2-json-schemas/schemas` (common/, sdos/, sros/, observables/). The repository ships
 * none of those files: tests and the export CLI find them in ../shared/datasets, or wherever `--schemas` points.
 *
 * Each object is checked against the schema of its own type, then the bundle as a whole, and every `*_ref` / `*_refs`
 * must name an object in the bundle. One flaw of the OASIS `common/bundle.json` is worked around: its list of object
 * schemas leaves out `opinion`, `note`, `grouping`, `location` and `incident`, and those fall to its custom-object
 * branch, `oneOf: [core, cyber-observable-core]`, which every SDO satisfies twice, so a bundle holding any opinion or
 * note can never pass. The bundle schema is therefore applied to the objects of the types it lists; the others are
 * checked against their own schemas (sdos/opinion.json, sdos/note.json …), which is stricter than that branch anyway.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';

export interface StixProblem {
  /** Index of the object in `objects`, when the problem is in one object. */
  index?: number;
  id?: string;
  /** JSON pointer inside the object (or the bundle). */
  path: string;
  message: string;
}

export interface StixValidator {
  readonly schemasDir: string;
  validate(bundle: unknown): StixProblem[];
}

/** Where the schemas are expected: `../shared/datasets/oasis-cti-stix2-json-schemas/schemas` next to the repository. */
export const defaultStixSchemasDir = fileURLToPath(
  new URL('../../../shared/datasets/oasis-cti-stix2-json-schemas/schemas', import.meta.url),
);

/** The schemas folder if it looks like one (it has common/bundle.json), else undefined. */
export function findStixSchemas(dir: string = defaultStixSchemasDir): string | undefined {
  return existsSync(join(dir, 'common', 'bundle.json')) ? dir : undefined;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

// Loaded when the first bundle is validated: ajv takes a noticeable part of start-up, and most runs export nothing.
// Both packages are CommonJS; ajv-formats exports the plugin itself, or (under some bundlers) as `default`.
type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const load = createRequire(import.meta.url);
function ajvLibraries(): { Ajv: typeof Ajv2020; addFormats: FormatsPlugin } {
  const formats = load('ajv-formats') as FormatsPlugin & { default?: FormatsPlugin };
  return {
    Ajv: (load('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 }).Ajv2020,
    addFormats: formats.default ?? formats,
  };
}

const problemsOf = (errors: ErrorObject[] | null | undefined, at: Omit<StixProblem, 'path' | 'message'>) =>
  (errors ?? []).map((e) => ({
    ...at,
    path: e.instancePath || '/',
    message: `${e.message ?? 'invalid'}${e.params && Object.keys(e.params).length > 0 ? ` ${JSON.stringify(e.params)}` : ''}`,
  }));

const validators = new Map<string, StixValidator>();

/**
 * Loads every schema in `schemasDir` and returns a validator (compiled once per folder and kept). Throws if the folder
 * is not a STIX schemas folder.
 */
export function createStixValidator(schemasDir: string): StixValidator {
  const known = validators.get(schemasDir);
  if (known) return known;
  const validator = compileStixValidator(schemasDir);
  validators.set(schemasDir, validator);
  return validator;
}

function compileStixValidator(schemasDir: string): StixValidator {
  if (!findStixSchemas(schemasDir)) throw new Error(`no STIX 2.1 JSON schemas in ${schemasDir}`);
  const { Ajv, addFormats } = ajvLibraries();
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  // The OASIS patterns use escapes ("\-") that the `u` flag rejects.
  addFormats(ajv);
  // Used by the cyber-observable schemas; not in ajv-formats. We export no observables.
  ajv.addFormat('idn-hostname', true);
  // "sdos/opinion" → the schema's $id, so that $refs between files resolve exactly as the OASIS repository lays them out.
  const idOf = new Map<string, string>();
  for (const file of jsonFiles(schemasDir)) {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { $id?: string };
    if (!schema.$id) continue;
    ajv.addSchema(schema);
    idOf.set(
      relative(schemasDir, file)
        .replaceAll('\\', '/')
        .replace(/\.json$/, ''),
      schema.$id,
    );
  }
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (key: string): ValidateFunction | undefined => {
    const id = idOf.get(key);
    if (id === undefined) return undefined;
    let fn = compiled.get(id);
    if (!fn) {
      fn = ajv.getSchema(id);
      if (!fn) return undefined;
      compiled.set(id, fn);
    }
    return fn;
  };
  // The types common/bundle.json lists by name ("../sdos/campaign.json" → "campaign").
  const bundleSchema = ajv.getSchema(idOf.get('common/bundle') ?? '')?.schema as
    | { properties?: { objects?: { items?: { anyOf?: Array<{ oneOf?: Array<{ $ref?: string }> }> } } } }
    | undefined;
  const bundleTypes = new Set(
    (bundleSchema?.properties?.objects?.items?.anyOf?.[0]?.oneOf ?? []).map((s) =>
      (s.$ref ?? '').replace(/^.*\//, '').replace(/\.json$/, ''),
    ),
  );
  const schemaKeyOf = (type: string): string => {
    for (const folder of ['sdos', 'sros', 'common', 'observables']) {
      if (idOf.has(`${folder}/${type}`) && type !== 'bundle') return `${folder}/${type}`;
    }
    return 'common/core';
  };

  return {
    schemasDir,
    validate(bundle) {
      const problems: StixProblem[] = [];
      const objects =
        typeof bundle === 'object' && bundle !== null && Array.isArray((bundle as { objects?: unknown }).objects)
          ? ((bundle as { objects: unknown[] }).objects as Array<Record<string, unknown>>)
          : [];
      objects.forEach((object, index) => {
        const id = typeof object?.id === 'string' ? object.id : undefined;
        const validate = validatorFor(schemaKeyOf(String(object?.type)));
        if (validate && !validate(object))
          problems.push(...problemsOf(validate.errors, { index, ...(id ? { id } : {}) }));
      });
      const whole = validatorFor('common/bundle');
      const listed = objects.filter((o) => bundleTypes.has(String(o?.type)));
      const envelope = { ...(bundle as object), objects: listed.length > 0 ? listed : objects };
      if (whole && !whole(envelope)) problems.push(...problemsOf(whole.errors, {}).slice(0, 20));
      problems.push(...danglingReferences(objects));
      return problems;
    },
  };
}

/** Every `*_ref` and `*_refs` value that names no object in the bundle. */
export function danglingReferences(objects: Array<Record<string, unknown>>): StixProblem[] {
  const ids = new Set(objects.map((o) => o?.id));
  const problems: StixProblem[] = [];
  objects.forEach((object, index) => {
    for (const [key, value] of Object.entries(object ?? {})) {
      const refs = key.endsWith('_refs') && Array.isArray(value) ? value : key.endsWith('_ref') ? [value] : [];
      refs.forEach((ref, i) => {
        if (!ids.has(ref)) {
          problems.push({
            index,
            id: String(object.id),
            path: key.endsWith('_refs') ? `/${key}/${i}` : `/${key}`,
            message: `refers to ${String(ref)}, which is not in the bundle`,
          });
        }
      });
    }
  });
  return problems;
}

/** One line per problem: "objects[3] (relationship--…) /confidence: must be integer". */
export function formatStixProblem(problem: StixProblem): string {
  const where = problem.index !== undefined ? `objects[${problem.index}] (${problem.id ?? '?'}) ` : 'bundle ';
  return `${where}${problem.path}: ${problem.message}`;
}
