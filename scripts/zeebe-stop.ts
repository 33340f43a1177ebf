/** `npm run zeebe:stop`: stops the broker `npm run zeebe:start` left running (SIGTERM, then SIGKILL). */
import { stopBroker } from './zeebe/broker.ts';

try {
  const result = await stopBroker();
  if (!result.stopped) console.log('zeebe: no broker started by these scripts is running');
  else console.log(`zeebe: stopped broker pid ${result.pid}${result.killed ? ' (SIGKILL after the grace period)' : ''}`);
} catch (error) {
  console.error(`zeebe: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
