/** Jest global setup of the Windows lane: one fresh Wine prefix with Windows Node for all its test files. */
import { createWinePrefix } from './wine-prefix';
import { publishLane } from './wine-lane';

/** Makes the prefix and hands it to the test files through the environment. */
export default async function globalSetup(): Promise<void> {
  publishLane(await createWinePrefix());
}
