import { readFileSync } from 'node:fs';
import { runCli } from './cli.ts';
import type { CliIo } from './command.ts';

/**
 * The `czemu` executable: runCli over the real process. The exit status is set rather than forced
 * with process.exit(), so buffered stdout drains before the process ends.
 */

const io: CliIo = {
  stdout: (data) => {
    process.stdout.write(data);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  readFile: (path) => readFileSync(path),
  stderrIsTty: process.stderr.isTTY === true,
};

// A closed pipe (`czemu run x | head`) is not an error worth a trace: stop quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

process.exitCode = await runCli(process.argv.slice(2), io);
