/** A configuration problem (or a query against it) that cannot be solved as given; the message says what and where. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
}
