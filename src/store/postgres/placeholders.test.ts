import { describe, expect, it } from 'vitest';
import { translatePlaceholders } from './placeholders.ts';

describe('translatePlaceholders', () => {
  it('numbers every ? in order', () => {
    expect(translatePlaceholders('SELECT a FROM t WHERE b = ? AND c IN (?, ?) LIMIT ?')).toEqual({
      text: 'SELECT a FROM t WHERE b = $1 AND c IN ($2, $3) LIMIT $4',
      count: 4,
    });
  });

  it('leaves ? inside literals, quoted identifiers, comments and dollar quotes alone', () => {
    const sql = `SELECT '?', 'it''s ?', "odd?col", ? -- why?
/* what? */ FROM t WHERE x = $$ ? $$ AND y = $tag$ ?' $tag$ AND z = ?`;
    const { text, count } = translatePlaceholders(sql);
    expect(count).toBe(2);
    expect(text).toBe(`SELECT '?', 'it''s ?', "odd?col", $1 -- why?
/* what? */ FROM t WHERE x = $$ ? $$ AND y = $tag$ ?' $tag$ AND z = $2`);
  });

  it('keeps existing $n parameters and text without placeholders as they are', () => {
    expect(translatePlaceholders('SELECT $1')).toEqual({ text: 'SELECT $1', count: 0 });
  });
});
