/**
 * Where CLI commands write. Commands take an `Io` instead of touching `process` so tests can
 * call them and read what they printed.
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** A command: its arguments after the command name, where to write; answers the exit code. */
export type Command = (args: string[], io: CliIo) => Promise<number>;

/** The process's own streams. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Exit codes: 0 done, 1 refused (bad catalog, unknown model, out of range), 2 bad usage. */
export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;
