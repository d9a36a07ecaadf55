/** Why an article could not be taken in, for the person who asked (`/ingest`): one line, shown as is. */
import { UserError } from '../core/errors.ts';
import type { FetchFailureReason } from './fetch-limited.ts';

export type IngestFailureReason =
  | FetchFailureReason
  /** The address serves something other than a web page or plain text (a PDF, an image, a feed). */
  | 'unsupported-content'
  /** The page has no readable text. */
  | 'no-text'
  /** Pasted text that is empty once whitespace is removed. */
  | 'empty'
  /** Pasted text over the size limit. */
  | 'too-long';

export class IngestError extends UserError {
  readonly reason: IngestFailureReason;
  constructor(reason: IngestFailureReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}
