/**
 * An in-memory reference implementation of `PaymentLedgerPort`: the contract the engine must
 * meet, written small enough to read (idempotent per event and per payment object, refunds
 * before purchases deferred, stale subscription events dropped, cumulative claw-backs). Used by
 * the webhook tests until the engine exists, then as the reference model the engine is checked
 * against.
 */
import { type Credits, ceilDiv, credits } from '../../src/domain/credits.ts';
import { ok, type Result } from '../../src/domain/errors.ts';
import type { ClawBack, CloseDispute, HoldDispute, PaymentCommand } from '../../src/payments/commands.ts';
import {
  type PaymentLedgerPort,
  type PaymentOutcome,
  paymentObjectKey,
} from '../../src/payments/ledger-port.ts';

/** A lot the reference ledger granted. */
export interface ReferenceLot {
  readonly id: string;
  readonly tenantId: string;
  readonly customerId: string;
  readonly source: 'purchase' | 'plan';
  readonly paymentRef: string | null;
  readonly granted: Credits;
  remaining: number;
  /** Credits taken back by claw-backs so far. */
  clawedBack: number;
}

/** The reference ledger, with its state open for assertions. */
export class InMemoryPaymentLedger implements PaymentLedgerPort {
  readonly lots: ReferenceLot[] = [];
  readonly plans = new Map<string, string>();
  readonly flagged = new Set<string>();
  readonly appliedCommands: PaymentCommand[] = [];
  private readonly seenEvents = new Map<string, PaymentOutcome>();
  private readonly seenObjects = new Set<string>();
  private readonly pendingClawBacks: (ClawBack | HoldDispute | CloseDispute)[] = [];
  private readonly disputes = new Map<
    string,
    { customer: string; held: number; status: 'open' | 'won' | 'lost' }
  >();
  private readonly lastSubscriptionEventAt = new Map<string, number>();
  private readonly lastPeriodStart = new Map<string, number>();
  private readonly endedSubscriptions = new Set<string>();

  /** Applies a command once per event id and per payment object. */
  async applyPaymentCommand(tenantId: string, command: PaymentCommand): Promise<Result<PaymentOutcome>> {
    const eventKey = `${tenantId}:${command.eventId}`;
    if (this.seenEvents.has(eventKey)) return ok({ status: 'duplicate', key: `event:${command.eventId}` });
    const objectKey = paymentObjectKey(command);
    const scopedObjectKey = objectKey === null ? null : `${tenantId}:${objectKey}`;
    if (scopedObjectKey !== null && this.seenObjects.has(scopedObjectKey)) {
      return ok({ status: 'duplicate', key: objectKey as string });
    }
    const outcome = this.apply(tenantId, command);
    this.seenEvents.set(eventKey, outcome);
    if (scopedObjectKey !== null && outcome.status !== 'deferred') this.seenObjects.add(scopedObjectKey);
    return ok(outcome);
  }

  /** Sum of remaining credits of a customer's lots. */
  balanceOf(tenantId: string, customerId: string): number {
    return this.lots
      .filter((lot) => lot.tenantId === tenantId && lot.customerId === customerId)
      .reduce((sum, lot) => sum + lot.remaining, 0);
  }

  private apply(tenantId: string, command: PaymentCommand): PaymentOutcome {
    this.appliedCommands.push(command);
    switch (command.kind) {
      case 'grant_purchase': {
        const lot = this.grant(tenantId, command.customerId, 'purchase', command.paymentRef, command.credits);
        for (const pending of this.takePending(command.paymentRef)) {
          if (pending.kind === 'claw_back') this.clawBack(lot, pending);
          else this.dispute(lot, pending);
        }
        return { status: 'applied', kind: command.kind, lotId: lot.id, creditsDelta: command.credits };
      }
      case 'start_subscription':
      case 'renew_plan': {
        const lastStart = this.lastPeriodStart.get(command.subscriptionId);
        if (this.endedSubscriptions.has(command.subscriptionId) || (lastStart ?? -1) > command.periodStart) {
          return { status: 'stale', reason: 'a later period was paid or the subscription ended' };
        }
        this.lastPeriodStart.set(command.subscriptionId, command.periodStart);
        for (const lot of this.lots) {
          if (lot.customerId === command.customerId && lot.source === 'plan') lot.remaining = 0;
        }
        const lot = this.grant(tenantId, command.customerId, 'plan', command.paymentRef, command.credits);
        this.plans.set(`${tenantId}:${command.customerId}`, command.planId);
        return { status: 'applied', kind: command.kind, lotId: lot.id, creditsDelta: command.credits };
      }
      case 'change_plan':
      case 'cancel_plan': {
        const last = this.lastSubscriptionEventAt.get(command.subscriptionId) ?? -1;
        if (command.occurredAt < last)
          return { status: 'stale', reason: 'a newer subscription event was applied' };
        this.lastSubscriptionEventAt.set(command.subscriptionId, command.occurredAt);
        const planId = command.kind === 'change_plan' ? command.planId : command.downgradeToPlanId;
        this.plans.set(`${tenantId}:${command.customerId}`, planId);
        if (command.kind === 'cancel_plan') {
          this.endedSubscriptions.add(command.subscriptionId);
          // The subscription ended: what is left of its allowance ends with it.
          for (const lot of this.lots) {
            const mine = lot.tenantId === tenantId && lot.customerId === command.customerId;
            if (mine && lot.source === 'plan') lot.remaining = 0;
          }
        }
        return { status: 'applied', kind: command.kind, planId };
      }
      case 'claw_back': {
        const lot = this.lots.find((l) => l.tenantId === tenantId && l.paymentRef === command.paymentRef);
        if (lot === undefined) {
          this.pendingClawBacks.push(command);
          return { status: 'deferred', reason: `no grant for ${command.paymentRef} yet` };
        }
        const taken = this.clawBack(lot, command);
        return { status: 'applied', kind: command.kind, lotId: lot.id, creditsDelta: credits(-taken) };
      }
      case 'hold_dispute':
      case 'close_dispute': {
        const lot = this.lots.find((l) => l.tenantId === tenantId && l.paymentRef === command.paymentRef);
        if (lot === undefined) {
          this.pendingClawBacks.push(command);
          return { status: 'deferred', reason: `no grant for ${command.paymentRef} yet` };
        }
        return this.dispute(lot, command);
      }
      case 'save_payment_method':
      case 'grant_auto_top_up':
      case 'fail_auto_top_up':
        return {
          status: 'ignored',
          reason: 'auto top-up is not modelled here (test/payments/auto-top-up.case.ts)',
        };
      case 'ignore':
        return { status: 'ignored', reason: command.reason };
    }
  }

  /**
   * A dispute opened holds back the unspent credits (at most what refunds left of the lot); won
   * gives them back and clears the flag unless another dispute is open or lost; lost claws them back.
   */
  private dispute(lot: ReferenceLot, command: HoldDispute | CloseDispute): PaymentOutcome {
    const key = `${lot.tenantId}:${command.disputeId}`;
    const customer = `${lot.tenantId}:${lot.customerId}`;
    const existing = this.disputes.get(key);
    const unspent = () => Math.min(lot.remaining, Math.max(0, lot.granted - lot.clawedBack));
    const applied = (delta: number): PaymentOutcome => ({
      status: 'applied',
      kind: command.kind,
      lotId: lot.id,
      creditsDelta: credits(delta === 0 ? 0 : delta),
    });
    if (command.kind === 'hold_dispute') {
      if (existing !== undefined)
        return { status: 'stale', reason: `dispute ${command.disputeId} is already ${existing.status}` };
      const held = unspent();
      lot.remaining -= held;
      this.disputes.set(key, { customer, held, status: 'open' });
      this.flagged.add(customer);
      return applied(-held);
    }
    if (existing !== undefined && existing.status !== 'open')
      return { status: 'stale', reason: `dispute ${command.disputeId} was already ${existing.status}` };
    let delta = 0;
    if (existing === undefined) {
      const taken = command.outcome === 'lost' ? unspent() : 0;
      lot.remaining -= taken;
      lot.clawedBack += taken;
      this.disputes.set(key, { customer, held: 0, status: command.outcome });
      delta = -taken;
    } else {
      existing.status = command.outcome;
      if (command.outcome === 'lost') lot.clawedBack += existing.held;
      else {
        lot.remaining += existing.held;
        delta = existing.held;
      }
    }
    const unsettled = [...this.disputes.values()].some(
      (d) => d.customer === customer && (d.status === 'open' || d.status === 'lost'),
    );
    if (unsettled || command.outcome === 'lost') this.flagged.add(customer);
    else this.flagged.delete(customer);
    return applied(delta);
  }

  private grant(
    tenantId: string,
    customerId: string,
    source: ReferenceLot['source'],
    paymentRef: string | null,
    amount: Credits,
  ): ReferenceLot {
    const lot: ReferenceLot = {
      id: `lot_${this.lots.length + 1}`,
      tenantId,
      customerId,
      source,
      paymentRef,
      granted: amount,
      remaining: amount,
      clawedBack: 0,
    };
    this.lots.push(lot);
    return lot;
  }

  /** Takes back the refunded share of a lot (cumulative), at most what is unspent; flags the customer. */
  private clawBack(lot: ReferenceLot, command: ClawBack): number {
    const target = ceilDiv(lot.granted * command.reversedCents, command.amountCents);
    const taken = Math.min(lot.remaining, Math.max(0, target - lot.clawedBack));
    lot.remaining -= taken;
    lot.clawedBack += taken;
    this.flagged.add(`${lot.tenantId}:${lot.customerId}`);
    return taken;
  }

  private takePending(paymentRef: string): (ClawBack | HoldDispute | CloseDispute)[] {
    const matching = this.pendingClawBacks.filter((c) => c.paymentRef === paymentRef);
    for (const c of matching) this.pendingClawBacks.splice(this.pendingClawBacks.indexOf(c), 1);
    return matching;
  }
}
