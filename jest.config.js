// One broker and one database for the whole run (tests/support/global-setup.ts); tests run in band because they share the broker's clock.
// Packages that ship only ES modules, in whatever node_modules folder npm put them.
const ESM_PACKAGES = [
  'moddle', 'moddle-xml', 'min-dash', 'saxen',
  'camunda-external-task-client-js', 'got', 'chalk', '@sindresorhus/is', '@sec-ant/readable-stream', '@keyv/serialize', 'keyv', 'byte-counter',
  'cacheable-lookup', 'cacheable-request', 'decompress-response', 'form-data-encoder', 'get-stream', 'is-stream', 'lowercase-keys',
  'mimic-response', 'normalize-url', 'p-cancelable', 'responselike',
  'feelin', 'lezer-feel', 'temporal-polyfill', 'temporal-utils', 'openid-client', 'oauth4webapi', 'jose',
];
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }],
    // moddle, feelin and the external-task client (with got 14, chalk 5 and their dependencies) ship only ES modules, which
    // jest's CommonJS runtime cannot require (plain node 20.19+ can): jest compiles them to CommonJS like our own code.
    '^.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
  },
  // Also where npm nested one under another package (bpmnlint's own min-dash, which the lint-rule tests load).
  transformIgnorePatterns: [`/node_modules/(?!(?:.*/node_modules/)?(${ESM_PACKAGES.join('|')})/)`],
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  testTimeout: 60_000,
};
