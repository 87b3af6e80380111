/** Rewards: claim one of the catalog's rewards for a customer, within its limits. */

import { presentReward } from '../present.ts';
import { defineRoute } from '../route.ts';
import { emptyBodySchema } from '../schemas/common.ts';
import { rewardPathSchema } from '../schemas/requests.ts';
import { rewardSchema } from '../schemas/responses.ts';
import { mapOk } from './results.ts';

export const rewardRoutes = [
  defineRoute({
    method: 'POST',
    url: '/v1/customers/:id/rewards/:kind',
    operationId: 'claimReward',
    tag: 'Credits',
    summary: 'Claim a reward',
    description:
      '`kind` is `welcome`, `email_verified`, `social_share`, `referral` or `daily`. Each is limited (email once, social share once a day, daily credit on the free plan once a day); a claim past its limit answers 409 reward_not_eligible.',
    access: 'tenant',
    idempotent: true,
    params: rewardPathSchema,
    body: emptyBodySchema,
    response: rewardSchema,
    errors: ['not_found', 'reward_not_eligible', 'idempotency_conflict'],
    handler: async ({ deps, tenantId, idempotencyKey, params }) =>
      mapOk(
        await deps.engine.claimReward({ tenantId, idempotencyKey, customerId: params.id, kind: params.kind }),
        presentReward,
      ),
  }),
];
