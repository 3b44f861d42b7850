/**
 * Explains effective WER settings: why reports, archives or dumps are missing, where they go
 * instead, and what to change. Each finding names the value and where it is set.
 */
import type { DoctorFinding, FindingSeverity } from '../../../../shared/doctor-model';
import { type EffectiveSettings, findSetting, type PlacedSetting } from './effective-settings';
import { localDumpsFindings } from './local-dumps-findings';
import { numberOf, where } from './setting-values';

/** The usual fix of a value: a policy is changed in Group Policy, anything else by deleting the value. */
function changeFix(s: PlacedSetting, what: string): string {
  return s.source === 'policy'
    ? `Ask whoever manages Group Policy to ${what} (the value ${s.name} under ${s.path}); a local change would be overwritten.`
    : `${what[0]?.toUpperCase()}${what.slice(1)}: delete ${s.name} under ${s.path} (or set it as described).`;
}

function finding(id: string, severity: FindingSeverity, subject: string, message: string, fix: string): DoctorFinding {
  return { id, severity, subject, message, fix };
}

function onOff(e: EffectiveSettings): DoctorFinding[] {
  const out: DoctorFinding[] = [];
  const disabled = findSetting(e, 'wer', '', 'Disabled');
  if (numberOf(disabled) === 1 && disabled) {
    out.push(finding('wer-disabled', 'error', 'Disabled', `Windows Error Reporting is turned off: ${where(disabled)}. No crash makes a report (LocalDumps still work).`, changeFix(disabled, 'turn WER back on (Disabled = 0)')));
  }
  const doReport = findSetting(e, 'pchealth', '', 'DoReport');
  if (numberOf(doReport) === 0 && doReport) {
    out.push(finding('wer-disabled', 'error', 'DoReport', `Error reporting is turned off by the PCHealth policy: ${where(doReport)}.`, changeFix(doReport, 'set "Turn off Windows Error Reporting" to Not Configured (DoReport = 1)')));
  }
  const archive = findSetting(e, 'wer', '', 'DisableArchive');
  if (numberOf(archive) === 1 && archive) {
    out.push(finding('archive-disabled', 'warning', 'DisableArchive', `Sent reports are not archived: ${where(archive)}. ReportArchive stays empty.`, changeFix(archive, 'keep an archive (DisableArchive = 0)')));
  }
  const queue = findSetting(e, 'wer', '', 'DisableQueue');
  if (numberOf(queue) === 1 && queue) {
    out.push(finding('queue-disabled', 'warning', 'DisableQueue', `Reports that cannot be sent are not queued: ${where(queue)}. ReportQueue stays empty.`, changeFix(queue, 'queue reports (DisableQueue = 0)')));
  }
  const configure = findSetting(e, 'wer', '', 'ConfigureArchive');
  const level = numberOf(configure);
  if (level === null || level === 1) {
    const how = configure ? where(configure) : 'ConfigureArchive is not set, and 1 is the default';
    out.push(finding('archive-parameters-only', 'info', 'ConfigureArchive', `Archived reports keep their parameters only, no dumps: ${how}.`, 'To keep dumps in ReportArchive set ConfigureArchive = 2 (all data) under HKLM\\SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting, or use LocalDumps for the app.'));
  }
  return out;
}

const LIMITS: readonly { name: string; what: string; normal: number | null; unit: string }[] = [
  { name: 'MaxArchiveCount', what: 'reports kept in ReportArchive', normal: 1000, unit: '' },
  { name: 'MaxQueueCount', what: 'reports kept in ReportQueue', normal: 50, unit: '' },
  { name: 'MaxQueueSize', what: 'MB for queued reports', normal: null, unit: ' MB' },
  { name: 'MinFreeDiskSpace', what: 'MB of free disk space needed to keep a report', normal: null, unit: ' MB' },
];

function limits(e: EffectiveSettings): DoctorFinding[] {
  const out: DoctorFinding[] = [];
  for (const l of LIMITS) {
    const s = findSetting(e, 'wer', '', l.name);
    const n = numberOf(s);
    if (!s || n === null) continue;
    const low = l.normal !== null && n < l.normal;
    const def = l.normal !== null ? ` (default ${l.normal})` : '';
    out.push(finding('archive-limit', low ? 'warning' : 'info', l.name, `${l.name} is ${n}${l.unit}: ${l.what}${def}; older reports are deleted early. ${where(s)}.`, low ? changeFix(s, `raise ${l.name} or delete it to get the default`) : `Nothing to do unless reports disappear too soon; ${l.name} is under ${s.path}.`));
  }
  return out;
}

function corporate(e: EffectiveSettings): DoctorFinding[] {
  const server = findSetting(e, 'wer', '', 'CorporateWERServer');
  if (!server || typeof server.value !== 'string' || server.value === '') return [];
  const port = numberOf(findSetting(e, 'wer', '', 'CorporateWERPortNumber')) ?? 1273;
  const ssl = numberOf(findSetting(e, 'wer', '', 'CorporateWERUseSSL')) === 1;
  return [
    finding('corporate-server', 'info', server.value, `Reports go to the corporate WER server ${server.value}:${port}${ssl ? ' over SSL' : ''} instead of Microsoft: ${where(server)}.`, `Look for the reports on ${server.value} (its CER share), or delete CorporateWERServer under ${server.path} to send to Microsoft again.`),
  ];
}

function excluded(e: EffectiveSettings): DoctorFinding[] {
  const out: DoctorFinding[] = [];
  for (const s of e.settings) {
    const wer = s.scope === 'wer' && s.subkey.toLowerCase() === 'excludedapplications';
    const pch = s.scope === 'pchealth' && s.subkey.toLowerCase() === 'exclusionlist';
    if (!(wer || pch) || s.name === '' || numberOf(s) === 0) continue;
    out.push(finding('excluded-application', 'warning', s.name, `${s.name} is excluded from error reporting: its crashes make no report. ${where(s)}.`, s.source === 'policy' ? changeFix(s, `remove ${s.name} from the excluded applications`) : `Delete the value ${s.name} under ${s.path}.`));
  }
  return out;
}

const CONSENT: Readonly<Record<number, string>> = {
  1: 'always ask before sending: reports wait in ReportQueue until someone answers',
  2: 'send parameters only, without asking',
  3: 'send parameters and safe additional data without asking',
  4: 'send all data without asking',
};

function consentAndUi(e: EffectiveSettings): DoctorFinding[] {
  const out: DoctorFinding[] = [];
  const consent = findSetting(e, 'wer', 'Consent', 'DefaultConsent');
  const c = numberOf(consent);
  if (consent && c !== null) {
    out.push(finding('consent', c === 1 ? 'warning' : 'info', 'DefaultConsent', `Consent level ${c}: ${CONSENT[c] ?? 'not a known level (1–4)'}. ${where(consent)}.`, c === 1 ? `Set DefaultConsent to 2–4 under ${consent.path} to send without asking, or look in ReportQueue.` : `Nothing to do; DefaultConsent is under ${consent.path}.`));
  }
  const dontShow = findSetting(e, 'wer', '', 'DontShowUI');
  if (dontShow && numberOf(dontShow) === 1) {
    out.push(finding('ui-hidden', 'info', 'DontShowUI', `No crash dialog is shown: ${where(dontShow)}. Crashes end silently; reports are still written.`, `Delete DontShowUI under ${dontShow.path} to see the dialog again.`));
  }
  const showUi = findSetting(e, 'pchealth', '', 'ShowUI');
  if (showUi && numberOf(showUi) === 0) {
    out.push(finding('ui-hidden', 'info', 'ShowUI', `The PCHealth policy hides the error reporting dialog: ${where(showUi)}.`, changeFix(showUi, 'show the dialog (ShowUI = 1)')));
  }
  return out;
}

const ORDER: Readonly<Record<FindingSeverity, number>> = { error: 0, warning: 1, info: 2 };

/** All findings of effective settings, errors first. */
export function werFindings(e: EffectiveSettings): DoctorFinding[] {
  const all = [...onOff(e), ...excluded(e), ...limits(e), ...consentAndUi(e), ...corporate(e), ...localDumpsFindings(e)];
  if (e.settings.length === 0 && e.localDumpKeys.length === 0) {
    all.push(finding('no-settings', 'info', 'Windows Error Reporting', 'No WER settings are set: Windows\u2019 defaults apply (reports on, archive of 1000 reports without dumps, no LocalDumps).', 'Nothing to change for reports; to get dumps, enable LocalDumps for the app (doctor --enable-local-dumps APP.exe).'));
  }
  return all.sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}
