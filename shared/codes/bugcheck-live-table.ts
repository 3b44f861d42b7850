/**
 * Kernel live-dump codes: stop codes Windows writes into a dump while it keeps running (no blue
 * screen). The list is Microsoft's "Kernel Live Dump Code Reference" (learn.microsoft.com,
 * windows-hardware/drivers/debugger/kernel-live-dump-code-reference, 2023-12-20): the first table
 * there are codes "never used for a real bug check"; the second, codes used for either.
 */
import type { CodeInfo } from './code-format';

/** Bug check 0: no stop at all; the dump was taken on purpose (a tool or a live dump request). */
export const NO_CRASH_SUMMARY =
  'No crash: bug check 0 means Windows did not stop; the dump was taken on purpose (a debugger, a tool or a live dump request).';

/** Names of live-only codes (the first table of the reference); summaries are generated from the names. */
const LIVE_ONLY_NAMES: Readonly<Record<number, string>> = {
  0xab: 'SESSION_HAS_VALID_POOL_ON_EXIT',
  0x117: 'VIDEO_TDR_TIMEOUT_DETECTED',
  0x141: 'VIDEO_ENGINE_TIMEOUT_DETECTED',
  0x142: 'VIDEO_TDR_APPLICATION_BLOCKED',
  0x156: 'WINSOCK_DETECTED_HUNG_CLOSESOCKET_LIVEDUMP',
  0x15c: 'PDC_WATCHDOG_TIMEOUT_LIVEDUMP',
  0x15d: 'SOC_SUBSYSTEM_FAILURE_LIVEDUMP',
  0x15e: 'BUGCODE_NDIS_DRIVER_LIVE_DUMP',
  0x15f: 'CONNECTED_STANDBY_WATCHDOG_TIMEOUT_LIVEDUMP',
  0x161: 'LIVE_SYSTEM_DUMP',
  0x165: 'CLUSTER_CSV_STATUS_IO_TIMEOUT_LIVEDUMP',
  0x166: 'CLUSTER_RESOURCE_CALL_TIMEOUT_LIVEDUMP',
  0x167: 'CLUSTER_CSV_SNAPSHOT_DEVICE_INFO_TIMEOUT_LIVEDUMP',
  0x168: 'CLUSTER_CSV_STATE_TRANSITION_TIMEOUT_LIVEDUMP',
  0x169: 'CLUSTER_CSV_VOLUME_ARRIVAL_LIVEDUMP',
  0x16a: 'CLUSTER_CSV_VOLUME_REMOVAL_LIVEDUMP',
  0x16b: 'CLUSTER_CSV_CLUSTER_WATCHDOG_LIVEDUMP',
  0x16f: 'CLUSTER_CSV_STATE_TRANSITION_INTERVAL_TIMEOUT_LIVEDUMP',
  0x175: 'PREVIOUS_FATAL_ABNORMAL_RESET_ERROR',
  0x179: 'CLUSTER_CLUSPORT_STATUS_IO_TIMEOUT_LIVEDUMP',
  0x17c: 'PDC_LOCK_WATCHDOG_LIVEDUMP',
  0x17d: 'PDC_UNEXPECTED_REVOCATION_LIVEDUMP',
  0x187: 'VIDEO_DWMINIT_TIMEOUT_FALLBACK_BDD',
  0x188: 'CLUSTER_CSVFS_LIVEDUMP',
  0x190: 'WIN32K_CRITICAL_FAILURE_LIVEDUMP',
  0x193: 'VIDEO_DXGKRNL_LIVEDUMP',
  0x195: 'SMB_SERVER_LIVEDUMP',
  0x198: 'UFX_LIVEDUMP',
  0x19d: 'CLUSTER_SVHDX_LIVEDUMP',
  0x1a1: 'WIN32K_CALLOUT_WATCHDOG_LIVEDUMP',
  0x1a3: 'CALL_HAS_NOT_RETURNED_WATCHDOG_TIMEOUT_LIVEDUMP',
  0x1a4: 'DRIPS_SW_HW_DIVERGENCE_LIVEDUMP',
  0x1a5: 'USB_DRIPS_BLOCKER_SURPRISE_REMOVAL_LIVEDUMP',
  0x1a6: 'BLUETOOTH_ERROR_RECOVERY_LIVEDUMP',
  0x1a7: 'SMB_REDIRECTOR_LIVEDUMP',
  0x1a8: 'VIDEO_DXGKRNL_BLACK_SCREEN_LIVEDUMP',
  0x1a9: 'DIRECTED_FX_TRANSITION_LIVEDUMP',
  0x1b0: 'VIDEO_MINIPORT_FAILED_LIVEDUMP',
  0x1b8: 'VIDEO_MINIPORT_BLACK_SCREEN_LIVEDUMP',
  0x1c4: 'DRIVER_VERIFIER_DETECTED_VIOLATION_LIVEDUMP',
  0x1c5: 'IO_THREADPOOL_DEADLOCK_LIVEDUMP',
  0x1c9: 'USER_MODE_HEALTH_MONITOR_LIVEDUMP',
  0x1cc: 'EXRESOURCE_TIMEOUT_LIVEDUMP',
  0x1d1: 'TELEMETRY_ASSERTS_LIVEDUMP',
  0x1d4: 'UCMUCSI_LIVEDUMP',
  0x1e1: 'DEVICE_DIAGNOSTIC_LOG_LIVEDUMP',
  0x1f5: 'APPLICATION_HANG_KERNEL_LIVEDUMP',
  0x21c8: 'MANUALLY_INITIATED_BLACKSCREEN_HOTKEY_LIVE_DUMP',
};

/** Codes Windows only ever uses for live dumps (never a blue screen). */
export const LIVE_ONLY_CODES: ReadonlySet<number> = new Set(Object.keys(LIVE_ONLY_NAMES).map(Number));

/** Codes used both for live dumps and for real bug checks (the reference's second table). */
export const LIVE_OR_BUGCHECK_CODES: ReadonlySet<number> = new Set([0x124, 0x144, 0x164]);

/** Table entries for live-only codes the main table does not describe in its own words. */
export const LIVE_DUMP_CODES: Readonly<Record<number, CodeInfo>> = Object.fromEntries(
  Object.entries(LIVE_ONLY_NAMES).map(([code, name]) => [
    code,
    { name, summary: 'Windows captured a live kernel dump for diagnosis and kept running (no blue screen).' },
  ]),
);
