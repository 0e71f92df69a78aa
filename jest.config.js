// Unit (*.spec.ts), integration (*.int-spec.ts) and e2e/browser (test/**/*.e2e-spec.ts) tests, all against
// the machine's real Postgres and Redis. See test/support/global-setup.ts.
const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
}];
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/libs', '<rootDir>/apps/api', '<rootDir>/apps/worker', '<rootDir>/test'],
  testRegex: '.*\\.(spec|int-spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@kaytuu/migrations$': '<rootDir>/migrations',
    '^@kaytuu/(.*)$': '<rootDir>/libs/$1/src',
  },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|file-type|token-types|strtok3|@tokenizer|uint8array-extras|ra-data-simple-rest|ra-core)/)'],
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
