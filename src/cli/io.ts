/**
 * Where CLI commands write. Commands take an `Io` instead of touching `process` so tests can
 * call them and read what they printed.
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** What a command's action gets: where to write, and how to report its exit code. */
export interface CommandContext {
  readonly io: CliIo;
  readonly exit: (code: number) => void;
}

/** The process's own streams. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Exit codes: 0 done, 1 refused (bad catalog, unknown model, out of range), 2 bad usage. */
export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

/** A failure a command reports in one line (no stack) with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.refused,
  ) {
    super(message);
  }
}
