/**
 * Stripe's error answers, in its shape (`{error: {type, code, message, param}}`), so the SDK
 * raises the same error classes against the fake as against Stripe.
 */

export interface StripeErrorAnswer {
  readonly status: number;
  readonly body: {
    readonly error: {
      readonly type: string;
      readonly message: string;
      readonly code?: string;
      readonly param?: string;
    };
  };
}

/** 404 for a URL the fake does not serve. */
export function unrecognizedUrl(method: string, path: string): StripeErrorAnswer {
  return {
    status: 404,
    body: {
      error: {
        type: 'invalid_request_error',
        message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      },
    },
  };
}

/** 404 (or 400 when it is a parameter) for an object that does not exist. */
export function noSuchObject(kind: string, id: string, param?: string): StripeErrorAnswer {
  return {
    status: param === undefined ? 404 : 400,
    body: {
      error: {
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: `No such ${kind}: '${id}'`,
        ...(param === undefined ? {} : { param }),
      },
    },
  };
}

/** 400 for a missing or invalid parameter. */
export function invalidParam(param: string, message: string): StripeErrorAnswer {
  return {
    status: 400,
    body: { error: { type: 'invalid_request_error', code: 'parameter_invalid', message, param } },
  };
}

/** 401 for a missing or wrong secret key. */
export function invalidApiKey(): StripeErrorAnswer {
  return {
    status: 401,
    body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } },
  };
}

/** 503 while the fake is told to be down: the SDK retries it, then raises `StripeAPIError`. */
export function serviceUnavailable(): StripeErrorAnswer {
  return {
    status: 503,
    body: { error: { type: 'api_error', message: 'The fake Stripe is down (outage set by the test).' } },
  };
}
