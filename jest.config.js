// One jest run for every server-side and console test: unit tests (*.spec.ts beside the code in libs/ and apps/api,
// apps/worker; the console's models in test/console; test/scripts), integration tests (*.int-spec.ts) and the API
// end-to-end, browser and fault tests (test/**/*.e2e-spec.ts). Tests that need a database or a queue use the machine's
// real Postgres and Redis: global setup migrates a template database once (test/support/global-setup.ts) and each test
// file clones its own from it (test/support/test-app.ts). The console's sources are not a root: test/console imports
// its model files directly.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/libs', '<rootDir>/apps/api', '<rootDir>/apps/worker', '<rootDir>/test'],
  testRegex: '.*\\.(spec|int-spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@kaytuu/migrations$': '<rootDir>/migrations',
    '^@kaytuu/(.*)$': '<rootDir>/libs/$1/src',
    // the console's ES modules import their neighbours as './x.js' (the TypeScript file x.ts)
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|file-type|token-types|strtok3|@tokenizer|uint8array-extras|@borewit|ra-data-simple-rest|ra-core)/)'],
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
