/**
 * Jest for the Windows lane (`npm run test:windows`, not part of `npm test`): the built CLI under
 * the official Windows build of Node in a Wine prefix, against WER stores where Windows keeps
 * them. Same transform as the node project of jest.config.js.
 */
const { projects } = require('./jest.config.js');

const node = projects.find((p) => p.displayName === 'node');

/** @type {import('jest').Config} */
module.exports = {
  ...node,
  displayName: 'windows',
  testMatch: ['<rootDir>/test/windows/**/*.test.ts'],
  // One prefix for the whole lane: made once (~6 s), shared by the test files one after another.
  globalSetup: '<rootDir>/test/windows/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/windows/support/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 60_000,
};
