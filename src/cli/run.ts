/** Process entry of the `suanpan` command (bin/suanpan.js loads this through tsx). */
import { runCli } from './main.js';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
});
