/**
 * Examples for the OpenAPI document, made from the same JSON Schemas: a sample value for a
 * schema (its own `examples`/`default`/`enum` first, then a placeholder of its type), and a
 * `curl` request per operation (`x-codeSamples`, which the reference page shows beside it).
 */
type JsonSchema = Record<string, unknown>;

const MAX_DEPTH = 6;

/** Placeholder strings that read like the values the API really carries. */
function sampleString(name: string, schema: JsonSchema): string {
  if (schema.format === 'uri') return 'https://example.com/return';
  if (schema.format === 'email') return 'alice@example.com';
  if (name === 'customer' || name === 'customer_id') return 'alice';
  if (/(^|_)id$/.test(name)) return `${name.replace(/_?id$/, '') || 'object'}_1`;
  if (name === 'model' || name === 'model_id') return 'sdxl';
  if (name === 'currency') return 'usd';
  if (name === 'prompt') return 'a calm piano loop';
  if (name === 'reason') return 'support: refund for a failed job';
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  return 'string'.padEnd(min, 'x');
}

function sampleNumber(schema: JsonSchema): number {
  const min = typeof schema.minimum === 'number' ? schema.minimum : Number.NEGATIVE_INFINITY;
  const max = typeof schema.maximum === 'number' ? schema.maximum : Number.POSITIVE_INFINITY;
  const low = typeof schema.exclusiveMinimum === 'number' ? Math.max(min, schema.exclusiveMinimum + 1) : min;
  return Math.min(Math.max(schema.type === 'integer' ? 1 : 1.5, low), max);
}

/** A sample value for a JSON Schema; `name` is the property it fills (for nicer strings). */
export function sampleFromSchema(schema: JsonSchema, name = '', depth = 0): unknown {
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const choice = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(choice) && choice.length > 0) {
    const first = choice.find((s) => s.type !== 'null') ?? choice[0];
    return sampleFromSchema(first as JsonSchema, name, depth);
  }
  if (depth > MAX_DEPTH) return null;
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      // An object's own `id` reads as its kind (`"object": "hold"` → `hold_1`).
      const kind = props.object === undefined ? undefined : sampleFromSchema(props.object);
      return Object.fromEntries(
        Object.entries(props).map(([key, prop]) => [
          key,
          key === 'id' && typeof kind === 'string' && kind !== 'customer'
            ? `${kind}_1`
            : sampleFromSchema(prop, key === 'id' && kind === 'customer' ? 'customer' : key, depth + 1),
        ]),
      );
    }
    case 'array':
      return [sampleFromSchema((schema.items as JsonSchema | undefined) ?? {}, name, depth + 1)];
    case 'string':
      return sampleString(name, schema);
    case 'integer':
    case 'number':
      return sampleNumber(schema);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return schema.properties ? sampleFromSchema({ ...schema, type: 'object' }, name, depth) : {};
  }
}

export interface CurlInput {
  readonly method: string;
  readonly path: string;
  readonly authenticated: boolean;
  readonly idempotent: boolean;
  readonly body: unknown;
}

/**
 * The path with its parameters filled: a customer is `alice`, another id a shell variable
 * (`$HOLD_ID`), anything else its schema's sample (`{kind}` → `signup`).
 */
export function fillPath(path: string, params: readonly JsonSchema[]): string {
  return path.replace(/\{([a-z_]+)\}/g, (_, name: string, offset: number) => {
    const segment = path.slice(0, offset).split('/').at(-2) ?? '';
    if (name === 'id' && segment === 'customers') return 'alice';
    if (name === 'id') return `$${segment.replace(/s$/, '').replace(/-/g, '_').toUpperCase()}_ID`;
    const param = params.find((p) => p.name === name && p.in === 'path');
    return String(sampleFromSchema((param?.schema as JsonSchema | undefined) ?? {}, name));
  });
}

/** A `curl` command for one operation, against `$TOLLGATE_URL` with `$TOLLGATE_KEY`. */
export function curlSample(input: CurlInput): string {
  const lines = [`curl -X ${input.method} "$TOLLGATE_URL${input.path}"`];
  if (input.authenticated) lines.push('-H "Authorization: Bearer $TOLLGATE_KEY"');
  if (input.idempotent) lines.push('-H "Idempotency-Key: $(uuidgen)"');
  if (input.body !== undefined) {
    lines.push('-H "Content-Type: application/json"');
    lines.push(`-d '${JSON.stringify(input.body)}'`);
  }
  return lines.join(' \\\n  ');
}
