/** Engine input that breaks an invariant the database is meant to guarantee (a bug upstream). */
export class EngineInputError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'EngineInputError';
  }
}
