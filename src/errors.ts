/**
 * The one base of every error the product expects and explains (bad input, a busy or failed reindex, bad
 * configuration). Anything else that reaches the top is a bug: the bot logs it with the interaction's id.
 *
 * `code` names the kind of failure for logs and programs; `hint`, when the message alone does not say it, how
 * to fix it. The message itself is what a user or operator reads.
 */
export abstract class NewsdeskError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
