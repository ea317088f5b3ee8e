// The one application error type: what went wrong, in words a caller can act on, with its HTTP status.
export interface FieldError {
  /** JSON pointer to the field in the request body, e.g. "#/person/nhsNumber". */
  pointer: string;
  detail: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

/** The workflow engine did not answer; `cause` says how in transport terms (refused, no answer within 10 s), never the engine's own. */
export const engineUnavailable = (cause: string, consequence = 'The contact was not recorded') =>
  new AppError(503, 'The workflow engine is unavailable', `${consequence} because the workflow engine could not be reached (${cause}). Try again shortly.`);

export const storeUnavailable = (cause: string) =>
  new AppError(503, 'The case record store is unavailable', `The database could not be reached (${cause}). Nothing was changed. Try again shortly.`);
