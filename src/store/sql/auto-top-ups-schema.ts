/**
 * Migration 220, in SQL both SQLite and PostgreSQL accept (issue 17 item 1): auto top-up.
 * - `auto_top_ups`: one row per customer who set a rule or saved a card. The rule (`threshold`,
 *   `pack_id` or a number of `credits`, their price `amount_cents`, `monthly_limit_cents`) is
 *   null until set; the card (`stripe_customer_id`, `payment_method_id`) until a setup Checkout
 *   succeeds. `enabled` is 0 once a card failed (`failure_code`, `failure_message`, `failed_at`)
 *   or the customer turned it off. `in_flight` names the attempt not yet granted or failed;
 *   `last_attempt_at` starts the cooldown.
 * - `auto_top_up_attempts`: one row per off-session charge tried. `status` is `pending` (claimed,
 *   no PaymentIntent yet), `processing` (PaymentIntent made, grant waits for the webhook),
 *   `succeeded` (granted) or `failed`. The partial unique index makes two in flight for one
 *   customer impossible, whatever the callers do; `month` (`YYYY-MM`, UTC) sums the monthly limit.
 */
export const AUTO_TOP_UPS_SCHEMA_SQL = `
CREATE TABLE auto_top_ups (tenant_id TEXT NOT NULL, customer_id TEXT NOT NULL, threshold BIGINT, pack_id TEXT,
  credits BIGINT, amount_cents BIGINT, monthly_limit_cents BIGINT, enabled INTEGER NOT NULL DEFAULT 0,
  stripe_customer_id TEXT, payment_method_id TEXT, in_flight TEXT, last_attempt_at BIGINT,
  failure_code TEXT, failure_message TEXT, failed_at BIGINT, updated_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, customer_id));
CREATE TABLE auto_top_up_attempts (tenant_id TEXT NOT NULL, id TEXT NOT NULL, customer_id TEXT NOT NULL,
  month TEXT NOT NULL, pack_id TEXT, credits BIGINT NOT NULL, amount_cents BIGINT NOT NULL, currency TEXT NOT NULL,
  status TEXT NOT NULL, payment_intent_id TEXT, failure_code TEXT, created_at BIGINT NOT NULL, ended_at BIGINT,
  PRIMARY KEY (tenant_id, id));
CREATE INDEX auto_top_up_attempts_month ON auto_top_up_attempts (tenant_id, customer_id, month);
CREATE UNIQUE INDEX auto_top_up_attempts_in_flight ON auto_top_up_attempts (tenant_id, customer_id)
  WHERE status IN ('pending', 'processing');
CREATE INDEX auto_top_up_attempts_pending ON auto_top_up_attempts (created_at) WHERE status = 'pending';
`;
