import { enableOpenApiChecks, throwFailures, writeCounts } from './openapi-checks';

/**
 * e2e setupFilesAfterEnv: every response t.http() (and fetchApp) gets is checked against
 * docs/openapi.json, and one the document does not describe fails the test that received it.
 */
enableOpenApiChecks();

// Only this test's responses: a hook's (beforeAll) or a late one from another test waits for afterAll.
afterEach(() => throwFailures(expect.getState().currentTestName));

// Root-level: runs after the describe blocks' afterAll hooks, so their responses are in.
afterAll(() => {
  writeCounts();
  throwFailures();
});
