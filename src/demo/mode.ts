/**
 * Whether a server runs in demo mode: the studio's unauthenticated endpoints (they make
 * customers with credits for anyone who asks) and offline test checkouts. `TOLLGATE_DEMO=on|off`
 * decides; unset (`auto`), it is on only where it cannot cost anyone money: a SQLite database
 * (one machine, what `npm start` makes) whose tenants are all demo tenants, seeded from a
 * catalog preset under the preset's name. PostgreSQL, or any other tenant, turns it off.
 */
import type { Dialect } from '../store/driver.ts';

export interface DemoModeFacts {
  readonly setting: 'on' | 'off' | 'auto';
  readonly dialect: Dialect;
  readonly tenantIds: readonly string[];
  /** The catalog presets: a demo tenant's id is its preset's name. */
  readonly presets: readonly string[];
}

/** Demo mode on or off, and why, in words for the start-up banner. */
export function decideDemoMode(facts: DemoModeFacts): { readonly on: boolean; readonly why: string } {
  if (facts.setting === 'on') return { on: true, why: 'TOLLGATE_DEMO=on' };
  if (facts.setting === 'off') return { on: false, why: 'TOLLGATE_DEMO=off' };
  if (facts.dialect !== 'sqlite') return { on: false, why: 'PostgreSQL (TOLLGATE_DEMO=on to force it)' };
  const other = facts.tenantIds.find((id) => !facts.presets.includes(id));
  if (other !== undefined)
    return { on: false, why: `tenant ${other} is not a demo tenant (TOLLGATE_DEMO=on to force it)` };
  return { on: true, why: 'a SQLite database with demo tenants only (TOLLGATE_DEMO=off to turn it off)' };
}
