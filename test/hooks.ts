// Mocha root hooks: whatever the suites started is stopped once the whole run is over.
import { stopAll } from './support/engine.js';

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await stopAll();
  },
};
