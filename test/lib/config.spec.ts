// lib/config: one schema, defaults applied, every bad key reported at once.
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../lib/config/index.js';

describe('lib/config', () => {
  it('applies documented defaults', () => {
    const config = loadConfig({ PORT: undefined, ENGINE_PORT: undefined, LOG_LEVEL: undefined, DATA_DIR: undefined });
    expect(config.port).to.be.a('number');
    expect(config.enginePort).to.be.a('number');
    expect(config.dataDir).to.match(/^\//);
  });

  it('reports every bad key in one error, naming each', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        ENGINE_PORT: '-1',
        LOG_LEVEL: 'loud',
        DATABASE_URL: 'mysql://x',
        ZEEBE_GRPC_ADDRESS: 'localhost',
      });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const key of ['PORT', 'ENGINE_PORT', 'LOG_LEVEL', 'DATABASE_URL', 'ZEEBE_GRPC_ADDRESS'])
      expect(problems).to.contain(`${key}:`);
    expect((error as ConfigError).problems).to.have.length(5);
  });

  it('treats an empty value as unset and coerces numbers', () => {
    const config = loadConfig({ DATABASE_URL: '', PORT: '8080' });
    expect(config.databaseUrl).to.equal(undefined);
    expect(config.port).to.equal(8080);
  });
});
