/** Bundle entry: a failure is reported on stderr with exit code 1. */
import { main } from './main.js';

try {
  main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`kelos-agent-setup: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
