import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { runEngineSuite } from '../../test/engine/engine.case.ts';
import { openSqliteStore } from '../store/sqlite/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-engine-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runEngineSuite('sqlite', async () => openSqliteStore(join(dir, `e${++n}.db`)));
