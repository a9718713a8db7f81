/**
 * Bad input that is not a scenario syntax error (an unknown profile on the
 * command line, an unreadable file, …): the CLI prints its message as one
 * line and exits 2 (cli/errors.ts). Every layer throws it, so it sits here.
 */
export class UsageError extends Error {}
