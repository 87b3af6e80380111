/**
 * Round trips to PostgreSQL per authorize and per commit, counted on the wire by the bench's
 * proxy (issue 13 item 5: at most 4 each, BEGIN and COMMIT included). A count, not a time.
 */
import { expect, it } from 'vitest';
import { countWire, seed, withEngine } from '../../bench/postgres-runs.ts';
import { createPostgresClient } from '../../src/store/postgres/driver.ts';
import { createSchemaName, requirePostgresUrl, SKIP_POSTGRES } from '../support/databases.ts';

it.skipIf(SKIP_POSTGRES)(
  'an authorize and a commit each cost at most 4 round trips',
  async () => {
    const url = requirePostgresUrl();
    const schema = createSchemaName('rt');
    try {
      await withEngine(url, schema, 'the round-trip seed', seed);
      const wire = await countWire(url, schema);
      expect(wire.authorize.roundTrips / wire.pairs).toBeLessThanOrEqual(4);
      expect(wire.commit.roundTrips / wire.pairs).toBeLessThanOrEqual(4);
      // Pipelined, not merged away: each still sends its BEGIN, lock, reads, writes and COMMIT.
      expect(wire.authorize.statements / wire.pairs).toBeGreaterThanOrEqual(8);
      expect(wire.commit.byLabel.get('COMMIT')).toBe(wire.pairs);
    } finally {
      const sql = createPostgresClient(url, { max: 1 });
      await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await sql.end({ timeout: 1 });
    }
  },
  120_000,
);
