/** Errors meant for the person who typed the command: one clear line, shown as is. */
export class UserError extends Error {
  override readonly name = 'UserError';
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
