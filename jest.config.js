/** One runner, three levels: *.unit.spec.ts (no servers), *.int.spec.ts and *.e2e.spec.ts (real servers). */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const moduleNameMapper = {
  '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@app/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};

const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  testMatch,
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testEnvironment: 'node',
  rootDir: __dirname,
  ...extra,
});

module.exports = {
  // Real servers: a Kafka consumer group join alone takes seconds.
  testTimeout: 60_000,
  projects: [
    project('unit', ['<rootDir>/{apps,libs,tools}/**/*.unit.spec.ts']),
    project('integration', ['<rootDir>/{apps,libs,tools}/**/*.int.spec.ts'], {
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
    }),
    project('e2e', ['<rootDir>/test/e2e/**/*.e2e.spec.ts'], {
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
    }),
    // Deployment files offline (compose, Helm chart, validators): no servers.
    project('deploy', ['<rootDir>/test/deploy/**/*.deploy.spec.ts']),
    project('leak', ['<rootDir>/test/leak/**/*.leak.spec.ts'], {
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
    }),
  ],
};
