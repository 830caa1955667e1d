/** Bundle entry: runs the capture and exits 0 whatever happens. */
import { main } from './main.js';

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`kelos-capture: ${String(err)}\n`);
    process.exit(0);
  },
);
