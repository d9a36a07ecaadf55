/**
 * The logging the core asks for: structured details first, then a message. The process logger (pino) satisfies it;
 * tests pass plain objects. Each part of the core takes the levels it uses.
 */
export interface Log {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}
