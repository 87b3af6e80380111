import { describe, expect, it } from 'vitest';
import { decideDemoMode } from './mode.ts';

const presets = ['directors-palette', 'musicgen'];

describe('decideDemoMode', () => {
  it('is on for SQLite with demo tenants only (what npm start makes), or none yet', () => {
    expect(decideDemoMode({ setting: 'auto', dialect: 'sqlite', tenantIds: presets, presets }).on).toBe(true);
    expect(decideDemoMode({ setting: 'auto', dialect: 'sqlite', tenantIds: [], presets }).on).toBe(true);
  });

  it('is off for PostgreSQL and for a database with any other tenant, saying why', () => {
    expect(decideDemoMode({ setting: 'auto', dialect: 'postgres', tenantIds: presets, presets })).toEqual({
      on: false,
      why: 'PostgreSQL (TOLLGATE_DEMO=on to force it)',
    });
    const mixed = decideDemoMode({
      setting: 'auto',
      dialect: 'sqlite',
      tenantIds: ['musicgen', 'acme'],
      presets,
    });
    expect(mixed).toEqual({
      on: false,
      why: 'tenant acme is not a demo tenant (TOLLGATE_DEMO=on to force it)',
    });
  });

  it('obeys TOLLGATE_DEMO=on|off whatever the database', () => {
    expect(decideDemoMode({ setting: 'on', dialect: 'postgres', tenantIds: ['acme'], presets }).on).toBe(
      true,
    );
    expect(decideDemoMode({ setting: 'off', dialect: 'sqlite', tenantIds: [], presets }).on).toBe(false);
  });
});
