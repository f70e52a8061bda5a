/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Type-checking happens once in `npm test` (tsc); with isolatedModules in tsconfig.json ts-jest
  // only transpiles each file, which saves ~15 s per suite.
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  testTimeout: 60000,
  // Finds the local Terraform provider mirror like .ci/run, for offline machines.
  globalSetup: "<rootDir>/test/global-setup.ts",
};
