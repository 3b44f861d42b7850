/**
 * electron-builder afterPack hook: flips Electron's fuses in the packaged executable before it is
 * signed (architecture.md §5). The fuses turn off what an attacker with a foothold would reuse
 * (running the app as plain Node, NODE_OPTIONS, --inspect) and make the app load only its own,
 * integrity-checked app.asar. electron-builder embeds the asar hashes before this hook runs.
 */
const { join } = require('node:path');

/** The fuse settings, by @electron/fuses option name. */
const FUSES = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
};

/** Path of the Electron executable electron-builder just packed. */
function executablePath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${packager.appInfo.productFilename}.app`);
  if (electronPlatformName === 'win32') return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  return join(appOutDir, packager.executableName);
}

/** Flips the fuses with a given @electron/fuses module (the tests pass a stand-in). */
async function applyFuses(context, fuses) {
  const config = { version: fuses.FuseVersion.V1, resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' };
  for (const [name, value] of Object.entries(FUSES)) {
    const index = fuses.FuseV1Options[name];
    if (index === undefined) throw new Error(`@electron/fuses has no fuse named ${name}`);
    config[index] = value;
  }
  await fuses.flipFuses(executablePath(context), config);
}

/** Called by electron-builder once per platform and arch. @electron/fuses 2 is ESM-only, hence import(). */
async function afterPack(context) {
  await applyFuses(context, await import('@electron/fuses'));
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.applyFuses = applyFuses;
module.exports.executablePath = executablePath;
