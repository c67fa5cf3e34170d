// @ts-check
/** @type {[string, Record<string, unknown>]} */
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }];
// TDesign's built components (miniprogram_npm) are ES modules: transformed for page tests too.
const transform = { '^.+\\.ts$': swc, 'miniprogram_npm/.+\\.js$': swc };

/** @type {import('jest').Config} */
module.exports = {
  // Integration tests drive real functions through the emulator; a burst can take seconds.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/cloudfunctions/**/*.test.ts', '<rootDir>/emulator/**/*.test.ts', '<rootDir>/scripts/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/tests/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
      // Function code under test talks to the emulator through the real SDK, as on SCF.
      setupFiles: ['<rootDir>/tests/support/sdk-env.ts'],
    },
  ],
};
