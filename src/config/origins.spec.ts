import { loadConfig } from './app-config';
import { ConfigValidationError } from './environment';
import { parseOrigin, parseOriginList } from './origins';

describe(parseOrigin.name, () => {
  it.each([
    ['https://shop.example.com', 'https://shop.example.com'],
    ['http://localhost:5173', 'http://localhost:5173'],
    ['https://Shop.Example.com/', 'https://shop.example.com'],
    ['https://shop.example.com:443', 'https://shop.example.com'],
    [' http://[::1]:8080 ', 'http://[::1]:8080'],
  ])('should read %p as the origin %p', (text, origin) => {
    expect(parseOrigin(text)).toBe(origin);
  });

  it.each([
    'shop.example.com',
    'https://shop.example.com/store',
    'https://shop.example.com?x=1',
    'https://user@shop.example.com',
    'ftp://shop.example.com',
    'https://shop.example.com:99999',
    '*',
    '',
  ])('should refuse %p, which a browser never sends as an Origin', (text) => {
    expect(parseOrigin(text)).toBeUndefined();
  });
});

describe(parseOriginList.name, () => {
  it('should read comma-separated origins, spaces allowed, each once', () => {
    expect(parseOriginList('https://shop.example.com, http://localhost:5173,https://shop.example.com/')).toEqual([
      'https://shop.example.com',
      'http://localhost:5173',
    ]);
  });

  it('should refuse the list when one entry is not an origin', () => {
    expect(parseOriginList('https://shop.example.com,https://admin.example.com/app')).toBeUndefined();
    expect(parseOriginList('https://shop.example.com,')).toBeUndefined();
  });
});

describe('CORS_ORIGINS in loadConfig', () => {
  it("should default to FRONTEND_URL's origin, path left out", () => {
    expect(loadConfig({}).corsOrigins).toEqual(['http://localhost:3000']);
    expect(loadConfig({ PORT: '8080' }).corsOrigins).toEqual(['http://localhost:8080']);
    expect(loadConfig({ FRONTEND_URL: 'https://shop.example.com/store/' }).corsOrigins).toEqual([
      'https://shop.example.com',
    ]);
  });

  it('should take the list apart from FRONTEND_URL, which keeps setting the return URLs', () => {
    const config = loadConfig({
      FRONTEND_URL: 'https://shop.example.com/store',
      CORS_ORIGINS: 'https://admin.example.com, http://localhost:5173',
    });
    expect(config.corsOrigins).toEqual(['https://admin.example.com', 'http://localhost:5173']);
    expect(config.payments.frontendUrl).toBe('https://shop.example.com/store');
  });

  it('should treat a blank CORS_ORIGINS as unset', () => {
    expect(loadConfig({ CORS_ORIGINS: ' ' }).corsOrigins).toEqual(['http://localhost:3000']);
  });

  it('should refuse an entry that is not an origin, naming the variable', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://shop.example.com,shop.example.com/app' })).toThrow(
      ConfigValidationError,
    );
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS must be comma-separated origins/);
  });
});
