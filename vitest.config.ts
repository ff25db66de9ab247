import { defineConfig } from 'vitest/config';

// One runner for shared/, backend/ and the cross-package tests/. The Salesforce LWC tests run under
// sfdx-lwc-jest and the HubSpot cards under their own vitest project (see package.json scripts).
export default defineConfig({
  test: {
    include: ['shared/src/**/*.test.ts', 'backend/src/**/*.test.ts', 'backend/bench/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'salesforce-lwc/**', 'hubspot-extension/**'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
