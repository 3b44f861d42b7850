/** Jest global teardown of the Windows lane: nothing of Wine is left running, and the prefix is gone. */
import { destroyWinePrefix } from './wine-prefix';
import { publishedLane } from './wine-lane';

/** Stops the prefix's wineserver (and with it every Wine process) and deletes the lane's folder. */
export default async function globalTeardown(): Promise<void> {
  const lane = publishedLane();
  if (lane) await destroyWinePrefix(lane);
}
