import { describe, expect, it } from 'vitest';
import { serializeCanonical } from '../domain/canonical.ts';
import { describeRequestDifference } from './request-difference.ts';

const request = (operation: string, input: unknown) => serializeCanonical({ operation, input });

describe('describeRequestDifference', () => {
  it('names a body field by its snake_case path with both values', () => {
    const first = request('commit', { holdId: 'h1', usage: { duration: 10, inputTokens: 5 } });
    expect(
      describeRequestDifference(
        first,
        request('commit', { holdId: 'h1', usage: { duration: 12, inputTokens: 5 } }),
      ),
    ).toBe('body.usage.duration is 12 here, 10 the first time');
    expect(
      describeRequestDifference(
        first,
        request('commit', { holdId: 'h1', usage: { duration: 10, inputTokens: 6 } }),
      ),
    ).toBe('body.usage.input_tokens is 6 here, 5 the first time');
  });

  it('names an id from the path as an id', () => {
    const first = request('commit', { holdId: '01JAAA', usage: { duration: 10 } });
    expect(
      describeRequestDifference(first, request('commit', { holdId: '01JBBB', usage: { duration: 10 } })),
    ).toBe('hold id is 01JBBB here, 01JAAA the first time');
  });

  it('says when a field is present on one side only, and when the operation differs', () => {
    const first = request('commit', { holdId: 'h1' });
    expect(
      describeRequestDifference(first, request('commit', { holdId: 'h1', usage: { duration: 3 } })),
    ).toBe('body.usage is {"duration":3} here, absent the first time');
    expect(describeRequestDifference(first, request('void', { holdId: 'h1' }))).toBe(
      'it was first used for commit, this request is void',
    );
  });

  it('indexes into arrays and shortens long values', () => {
    const items = (prompt: string) => request('authorize_batch', { items: [{ model: 'a' }, { prompt }] });
    expect(describeRequestDifference(items('x'.repeat(100)), items('y'))).toBe(
      `body.items[1].prompt is y here, ${'x'.repeat(59)}… the first time`,
    );
  });

  it('answers null for the same request or an unknown first one', () => {
    const same = request('grant', { customerId: 'c', amount: 5 });
    expect(describeRequestDifference(same, same)).toBeNull();
    expect(describeRequestDifference(null, same)).toBeNull();
  });
});
