/**
 * One customer: balance, lots with expiry, holds, ledger history, rewards, subscription and
 * flag, and the operator's actions (grant, adjust, flag, change plan, void a hold, refund a
 * charge), each behind a confirm step and each through the API's idempotent routes.
 */
import { useState } from 'react';
import { api, toQuery } from '../api.ts';
import { ConfirmAction } from '../Confirm.tsx';
import { DataTable } from '../DataTable.tsx';
import { formatCount, formatTime } from '../format.ts';
import type { CustomerSummary, HoldRow, LedgerTx, Page } from '../types.ts';
import { useApi } from '../use-api.ts';

interface ApiKeyRow {
  id: string;
  prefix: string;
  name: string | null;
  created_at: number;
  revoked_at: number | null;
}

interface HoldAnswer extends HoldRow {
  model_id: string;
  charge_id: string | null;
}

export function CustomerPage(props: { id: string; plans: string[] }) {
  const path = `/v1/customers/${encodeURIComponent(props.id)}`;
  const customer = useApi<CustomerSummary>(path);
  const ledger = useApi<Page<LedgerTx>>(`${path}/ledger${toQuery({ limit: 50 })}`);
  const holds = useApi<Page<HoldAnswer>>(`/v1/holds${toQuery({ customer: props.id, limit: 50 })}`);
  const keys = useApi<{ data: ApiKeyRow[] }>(`${path}/api-keys`);
  const [credits, setCredits] = useState('100');
  const [reason, setReason] = useState('Support goodwill');
  const [plan, setPlan] = useState('');
  const reloadAll = () => {
    customer.reload();
    ledger.reload();
    holds.reload();
    keys.reload();
  };
  if (customer.error) return <p className="dash-error">{customer.error}</p>;
  const c = customer.data;
  if (!c) return <p aria-busy="true">Loading…</p>;
  const amount = Number(credits);
  const validAmount = Number.isInteger(amount) && amount !== 0;
  return (
    <div>
      <p>
        <a href="#/customers">← All customers</a>
      </p>
      <div className="dash-stats">
        <div className="dash-stat">
          <p className="dash-stat-label">Available</p>
          <p className="dash-stat-value" data-testid="customer-available">
            {formatCount(c.balance.available)}
          </p>
        </div>
        <div className="dash-stat">
          <p className="dash-stat-label">Held</p>
          <p className="dash-stat-value">{formatCount(c.balance.held)}</p>
        </div>
        <div className="dash-stat">
          <p className="dash-stat-label">Plan</p>
          <p className="dash-stat-value">{c.plan}</p>
          <p className="dash-trend">
            period {formatTime(c.period_start).slice(0, 10)} – {formatTime(c.period_end).slice(0, 10)}
          </p>
        </div>
        <div className="dash-stat">
          <p className="dash-stat-label">Flag</p>
          <p className="dash-stat-value">{c.flagged ? 'Flagged' : 'Clear'}</p>
        </div>
      </div>
      <p className="dash-note">
        {c.email ?? 'No email'} · customer since {formatTime(c.created_at)} · used {c.projections.used7d}{' '}
        credits in 7 days
        {c.projections.days_until_empty === null
          ? ''
          : `, empty in about ${c.projections.days_until_empty} days`}
      </p>

      <section className="dash-actions" aria-label="Operator actions">
        <h3>Actions</h3>
        <div className="dash-action-fields">
          <label>
            Credits
            <input type="number" step={1} value={credits} onChange={(e) => setCredits(e.target.value)} />
          </label>
          <label>
            Reason
            <input value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
        </div>
        <ConfirmAction
          label="Grant credits"
          disabled={!validAmount || amount < 0 || reason.trim() === ''}
          describe={() => `Grant ${amount} promotional credits to ${c.id} (“${reason}”).`}
          run={() =>
            api.post('/v1/grants', { customer: c.id, credits: amount, source: 'promotional', reason })
          }
          onDone={reloadAll}
        />
        <ConfirmAction
          label="Adjust balance"
          disabled={!validAmount || reason.trim() === ''}
          describe={() =>
            `${amount > 0 ? 'Add' : 'Take'} ${Math.abs(amount)} credits ${amount > 0 ? 'to' : 'from'} ${c.id} as an adjustment (“${reason}”).`
          }
          run={() => api.post(`${path}/adjustments`, { credits: amount, reason })}
          onDone={reloadAll}
        />
        <ConfirmAction
          label={c.flagged ? 'Clear flag' : 'Flag customer'}
          describe={() =>
            c.flagged ? `Clear the flag on ${c.id}.` : `Flag ${c.id} for review (“${reason}”).`
          }
          run={() => api.post(`${path}/${c.flagged ? 'unflag' : 'flag'}`, { reason })}
          onDone={reloadAll}
        />
        <ConfirmAction
          label="Change plan"
          disabled={plan === '' || plan === c.plan}
          describe={() => `Move ${c.id} from ${c.plan} to ${plan} (the plan only; no allowance is granted).`}
          run={() => api.post(`${path}/plan`, { plan })}
          onDone={reloadAll}
        >
          <label>
            New plan
            <select value={plan} onChange={(e) => setPlan(e.target.value)}>
              <option value="">Choose…</option>
              {props.plans.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
        </ConfirmAction>
      </section>

      <DataTable
        caption="Lots"
        exportName={`lots-${c.id}`}
        rows={c.lots}
        columns={[
          { header: 'Source', value: (l) => l.source },
          { header: 'Amount', value: (l) => l.amount, numeric: true },
          { header: 'Remaining', value: (l) => l.remaining, numeric: true },
          {
            header: 'Expires',
            value: (l) => l.expires_at,
            render: (l) => (l.expires_at === null ? 'never' : formatTime(l.expires_at)),
          },
          { header: 'Reason', value: (l) => l.reason },
        ]}
      />
      <DataTable
        caption="Rewards"
        exportName={`rewards-${c.id}`}
        rows={c.lots.filter((l) => l.source.startsWith('reward:'))}
        empty="No reward lots live."
        columns={[
          { header: 'Reward', value: (l) => l.source.slice('reward:'.length) },
          { header: 'Credits', value: (l) => l.amount, numeric: true },
          { header: 'Granted', value: (l) => l.created_at, render: (l) => formatTime(l.created_at) },
        ]}
      />
      <DataTable
        caption="Holds"
        exportName={`holds-${c.id}`}
        rows={holds.data?.data ?? []}
        columns={[
          { header: 'Hold', value: (h) => h.id },
          { header: 'Model', value: (h) => h.model_id },
          { header: 'Credits', value: (h) => h.credits, numeric: true },
          { header: 'Status', value: (h) => h.status },
          {
            header: 'Action',
            value: () => null,
            render: (h) =>
              h.status === 'active' ? (
                <ConfirmAction
                  label="Void"
                  describe={() => `Void hold ${h.id}, releasing ${h.credits} credits.`}
                  run={() => api.post(`/v1/holds/${h.id}/void`)}
                  onDone={reloadAll}
                />
              ) : h.charge_id !== null ? (
                <ConfirmAction
                  label="Refund"
                  danger
                  describe={() => `Refund charge ${h.charge_id}: its credits go back to ${c.id}.`}
                  run={() => api.post(`/v1/charges/${h.charge_id}/refund`, { reason })}
                  onDone={reloadAll}
                />
              ) : null,
          },
        ]}
      />
      <DataTable
        caption="API keys"
        exportName={`api-keys-${c.id}`}
        rows={keys.data?.data ?? []}
        empty="No API keys."
        columns={[
          { header: 'Name', value: (k) => k.name },
          { header: 'Prefix', value: (k) => k.prefix },
          { header: 'Created', value: (k) => k.created_at, render: (k) => formatTime(k.created_at) },
          {
            header: 'Revoked',
            value: (k) => k.revoked_at,
            render: (k) => (k.revoked_at === null ? '' : formatTime(k.revoked_at)),
          },
          {
            header: 'Action',
            value: () => null,
            render: (k) =>
              k.revoked_at === null ? (
                <ConfirmAction
                  label="Revoke"
                  danger
                  describe={() =>
                    `Revoke the key ${k.prefix}… (${k.name ?? 'unnamed'}): it stops working at once.`
                  }
                  run={() => api.del(`/v1/api-keys/${k.id}`)}
                  onDone={reloadAll}
                />
              ) : null,
          },
        ]}
      />
      <DataTable
        caption="Ledger"
        exportName={`ledger-${c.id}`}
        rows={ledger.data?.data ?? []}
        columns={[
          { header: 'When', value: (t) => t.created_at, render: (t) => formatTime(t.created_at) },
          { header: 'Kind', value: (t) => t.kind },
          {
            header: 'Credits',
            value: (t) => t.credits,
            render: (t) => (t.credits > 0 ? `+${t.credits}` : String(t.credits)),
            numeric: true,
          },
          { header: 'Reference', value: (t) => t.ref },
        ]}
      />
    </div>
  );
}
