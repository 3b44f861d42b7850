/** Jest: ts-jest in transpile-only mode (tsc runs separately in `npm run typecheck`). */

// Tests that count days ("today", the last 30 days, local dates in the list) assume UTC; without
// this they fail on a machine in, say, Auckland or Honolulu. Jest's workers inherit it.
process.env.TZ = 'UTC';
const tsJest = ['ts-jest', { tsconfig: { module: 'commonjs', jsx: 'react-jsx', isolatedModules: true } }];

/** @type {import('jest').Config} */
const common = {
  transform: { '^.+\\.(ts|tsx)$': tsJest, '^.+\\.js$': tsJest },
  // chokidar 5 and readdirp are ESM-only: let ts-jest turn them into CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(chokidar|readdirp)/)'],
  moduleNameMapper: { '^electron$': '<rootDir>/test/support/electron-stub.ts' },
  cacheDirectory: '<rootDir>/.jest-cache',
  // Jest maps every file under the roots before it runs a test: downloaded Windows Node, bench
  // fleets (gigabytes of generated reports) and build output would make that scan crawl.
  modulePathIgnorePatterns: ['<rootDir>/.cache/', '<rootDir>/.tmp/', '<rootDir>/out/', '<rootDir>/dist/'],
  watchPathIgnorePatterns: ['<rootDir>/.cache/', '<rootDir>/.tmp/'],
};

module.exports = {
  // Several suites compile with clang, run LLVM tools or Wine on a 2-core machine: Jest's 5 s
  // default fails them when the machine is busy. Tests that need more still say so themselves.
  // (A global option: Jest ignores it inside a project.)
  testTimeout: 30_000,
  projects: [
    {
      ...common,
      displayName: 'node',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/main/**/*.test.ts', '<rootDir>/test/shared/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'renderer',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/test/renderer/**/*.test.tsx', '<rootDir>/test/renderer/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/renderer/support/setup.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/renderer/support/matchers.ts'],
      // Stylesheets imported by components mean nothing to jsdom.
      moduleNameMapper: { ...common.moduleNameMapper, '\\.css$': '<rootDir>/test/renderer/support/style-stub.ts' },
    },
    {
      ...common,
      displayName: 'e2e',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
    },
  ],
};
