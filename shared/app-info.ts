/** The app's name and version (kept equal to package.json's by a test). */
export const APP_NAME = 'WER Explorer';

/** The app's version, printed by `--version` and written into caches, manifests and bundles. */
export const APP_VERSION = '0.1.0';
