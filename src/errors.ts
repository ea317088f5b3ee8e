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

/**
 * Keeps what the caller is not shown (a transport code, an engine's or a provider's own words) in the error's message,
 * which the problem handler logs for a 5xx; the caller reads only the title and detail.
 */
export function withLoggedCause<E extends AppError>(error: E, cause: string): E {
  error.message = `${error.detail} (${cause})`;
  return error;
}

/** The workflow engine did not answer; `cause` (refused, no answer within 10 s, the status) goes to the log only. */
export const engineUnavailable = (cause: string, consequence = 'The contact was not recorded') =>
  withLoggedCause(new AppError(503, 'The workflow engine is unavailable', `${consequence} because the workflow engine could not be reached. Try again shortly.`), cause);

/** The case store did not answer; `cause` (the driver's words) goes to the log only. */
export const storeUnavailable = (cause: string) =>
  withLoggedCause(new AppError(503, 'The case record store is unavailable', 'The case records could not be reached. Nothing was changed. Try again shortly.'), cause);
