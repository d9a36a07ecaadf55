/**
 * The feeds file (path in FEEDS_FILE): which RSS/Atom feeds to poll and how often. Validated with zod; a bad file
 * stops start-up with one line naming the entry and what is wrong with it.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { canonicalUrl } from './canonical-url.ts';

export const defaultEveryMinutes = 60;
export const minimumEveryMinutes = 5;

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

export const feedEntrySchema = z.strictObject({
  // Spelled the way URL spells it, so the feeds table has one key per feed; not canonicalised (a feed's query and
  // trailing slash may matter to its server).
  url: httpUrl.transform((url) => new URL(url).toString()),
  name: z
    .string({ error: "must be the feed's name" })
    .trim()
    .min(1, 'must not be empty')
    .max(100, 'must be at most 100 characters'),
  everyMinutes: z
    .number({ error: 'must be a number of minutes' })
    .int('must be a whole number of minutes')
    .min(minimumEveryMinutes, `must be at least ${minimumEveryMinutes} minutes`)
    .max(7 * 24 * 60, 'must be at most a week (10080 minutes)')
    .default(defaultEveryMinutes),
});

export const feedsFileSchema = z
  .strictObject(
    { feeds: z.array(feedEntrySchema, { error: 'must be a list of feeds' }) },
    { error: 'must be an object like { "feeds": [ … ] }' },
  )
  .superRefine((file, context) => {
    const seen = new Map<string, number>();
    file.feeds.forEach((feed, index) => {
      const key = canonicalUrl(feed.url) ?? feed.url;
      const first = seen.get(key);
      if (first !== undefined) {
        context.addIssue({
          code: 'custom',
          path: ['feeds', index, 'url'],
          message: `duplicates feeds[${first}].url`,
        });
      } else {
        seen.set(key, index);
      }
    });
  });

export type FeedEntry = z.infer<typeof feedEntrySchema>;
export type FeedsFile = z.infer<typeof feedsFileSchema>;

/** A feeds file that cannot be used; the message is one line naming the file's problem. */
export class FeedsFileError extends Error {
  override readonly name = 'FeedsFileError';
}

/** `feeds[2].url` from zod's path. */
function describePath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join('');
}

/** Validates already-parsed JSON; `label` names the source in the error (the env variable by default). */
export function parseFeedsFile(json: unknown, label = 'FEEDS_FILE'): FeedEntry[] {
  const result = feedsFileSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` ${describePath(issue.path)}` : '';
    throw new FeedsFileError(`${label}${where}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data.feeds;
}

/** Reads and validates the feeds file at `path`. */
export function loadFeedsFile(path: string, label = 'FEEDS_FILE'): FeedEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new FeedsFileError(`${label}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FeedsFileError(`${label}: ${path} is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return parseFeedsFile(json, label);
}
