import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('loadConfig', () => {
  it('applies defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ databaseUrl: undefined, port: 3000, host: '127.0.0.1', logLevel: 'info', dataDir: './.policyscope', maxUploadBytes: 50 * 1024 * 1024 });
  });

  it('reads every variable', () => {
    const c = loadConfig({ DATABASE_URL: 'postgresql://u@h:5432/d', PORT: '8080', HOST: '0.0.0.0', LOG_LEVEL: 'debug', DATA_DIR: '/data', MAX_UPLOAD_BYTES: '2048', LOG_PRETTY: 'false' }, true);
    expect(c).toMatchObject({ databaseUrl: 'postgresql://u@h:5432/d', port: 8080, host: '0.0.0.0', logLevel: 'debug', dataDir: '/data', maxUploadBytes: 2048, logPretty: false });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ MAX_UPLOAD_BYTES: '-1' }, 'MAX_UPLOAD_BYTES'],
    [{ EMBEDDED_PG_PORT: 'x' }, 'EMBEDDED_PG_PORT'],
  ])('rejects %p naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^invalid configuration: ${variable} `));
  });

  it('pretty logs follow the terminal unless told', () => {
    expect(loadConfig({}, true).logPretty).toBe(true);
    expect(loadConfig({}, false).logPretty).toBe(false);
    expect(loadConfig({ LOG_PRETTY: 'true' }, false).logPretty).toBe(true);
  });
});
