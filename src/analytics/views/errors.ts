/** A filter a view cannot use; the API turns it into a 400 naming `field`. */
export class InvalidFilter extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidFilter';
  }
}

/** The thing asked for does not exist, or the caller's scope cannot see it; the API answers 404. */
export class NotFound extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFound';
  }
}
