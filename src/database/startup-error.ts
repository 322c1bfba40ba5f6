/**
 * A reason the service cannot start that an operator can act on: `main.ts` prints its message
 * alone (no stack trace) and exits with status 1.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
