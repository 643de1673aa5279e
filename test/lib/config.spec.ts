// lib/config: one schema, defaults applied, every bad key reported at once.
import { expect } from 'chai';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../lib/config/index.js';

describe('lib/config', () => {
  it('applies documented defaults when nothing is set', () => {
    const config = loadConfig({}, {});
    expect(config).to.include({ port: 3000, enginePort: 26500, engineHost: '127.0.0.1', logLevel: 'info' });
    expect(config.databaseUrl).to.equal(undefined);
    expect(config.zeebeGrpcAddress).to.equal(undefined);
    expect(config.dataDir).to.equal(path.resolve('.data'));
  });

  it('applies the case file’s defaults: no SMTP, a local sender and portal, 10 MiB uploads', () => {
    const config = loadConfig({}, {});
    expect(config).to.include({
      mailFrom: 'International House <noreply@localhost>',
      publicUrl: 'http://localhost:3000',
      documentMaxBytes: 10 * 1024 * 1024,
      siriLocalMode: 'fake',
    });
    expect(config.smtpUrl).to.equal(undefined);
    expect(loadConfig({ PUBLIC_URL: 'https://ih.example/' }, {})).to.include({
      publicUrl: 'https://ih.example',
      publicUrlDerived: false,
    });
  });

  it('makes the portal address from PORT and HOST when PUBLIC_URL is unset, and says so', () => {
    expect(loadConfig({ PORT: '3921' }, {})).to.include({ publicUrl: 'http://localhost:3921', publicUrlDerived: true });
    expect(loadConfig({}, { HOST: '0.0.0.0', PORT: '8080' }).publicUrl).to.equal('http://localhost:8080');
    expect(loadConfig({}, { HOST: '10.0.0.5', PORT: '8080' }).publicUrl).to.equal('http://10.0.0.5:8080');
    expect(loadConfig({}, { HOST: 'fd00::5', PORT: '8080' }).publicUrl).to.equal('http://[fd00::5]:8080');
    expect(loadConfig({ PORT: '3921' }, { PUBLIC_URL: 'https://ih.example' }).publicUrl).to.equal('https://ih.example');
  });

  it('lets command-line overrides win over the environment', () => {
    expect(loadConfig({ PORT: '4000' }, { PORT: '5000' }).port).to.equal(4000);
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

  it('asks for all three OIDC settings when one is set, and takes none', () => {
    expect(loadConfig({}, {}).oidcIssuer).to.equal(undefined);
    let error: unknown;
    try {
      loadConfig({}, { OIDC_ISSUER: 'https://login.example.dk/realms/kk' });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).to.contain('OIDC_CLIENT_ID').and.contain('OIDC_CLIENT_SECRET');
    const config = loadConfig(
      {},
      { OIDC_ISSUER: 'https://login.example.dk/realms/kk', OIDC_CLIENT_ID: 'cpr', OIDC_CLIENT_SECRET: 's' },
    );
    expect(config.oidcClientId).to.equal('cpr');
  });

  it('treats an empty value as unset and coerces numbers', () => {
    const config = loadConfig({ DATABASE_URL: '', PORT: '8080' }, {});
    expect(config.databaseUrl).to.equal(undefined);
    expect(config.port).to.equal(8080);
  });
});
