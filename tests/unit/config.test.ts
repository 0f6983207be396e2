import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.ts';

describe('parseConfig', () => {
  it('applies defaults for an empty environment', () => {
    const config = parseConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/\.orrery$/);
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every wrong variable', () => {
    const attempt = () => parseConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ORRERY_DEMO_DATA: 'sometimes' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('ORRERY_DEMO_DATA');
    }
  });

  it('treats empty strings as unset and trims a trailing slash from the base URL', () => {
    const config = parseConfig({ DATABASE_URL: '', PUBLIC_BASE_URL: 'https://orrery.example.org/' });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.publicBaseUrl).toBe('https://orrery.example.org');
  });
});
