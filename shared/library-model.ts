/** What the live report library tells its listeners (UI, CLI `watch`, notifications). */
import type { WerReport } from './report-model';
import type { StoreStatus } from './store-model';

/** A change in the library. */
export type LibraryEvent =
  | {
      readonly kind: 'added';
      readonly report: WerReport;
      /** One line for a notification: "app.exe crashed in mod.dll (c0000005 ...)". */
      readonly summary: string;
    }
  | {
      readonly kind: 'updated';
      readonly report: WerReport;
      readonly summary: string;
      /** Set when the report moved (ReportQueue → ReportArchive): its folder before. */
      readonly previousFolder: string | null;
    }
  | { readonly kind: 'removed'; readonly id: string; readonly folder: string }
  | { readonly kind: 'store'; readonly status: StoreStatus };
