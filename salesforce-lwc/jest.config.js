const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

// sfdx-lwc-jest's preset (LWC transformer, lightning/* stubs, LDS and Apex test wire adapters) plus the
// sa11y accessibility matcher. Runs only from this folder, beside its sfdx-project.json.
module.exports = {
    ...jestConfig,
    setupFilesAfterEnv: [...(jestConfig.setupFilesAfterEnv || []), '<rootDir>/jest.setup.js'],
    testTimeout: 10000
};
