import type { WerApi } from '../../shared/wer-api';

declare global {
  interface Window {
    /** The app API, exposed by the preload script in Electron. */
    readonly wer?: WerApi;
  }
}
