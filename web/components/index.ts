/**
 * Tollgate's UI kit: drop-in React components that show a customer's credits. Import the
 * stylesheet once (`import 'tollgate/web/components/tollgate.css'`), make a client from a
 * customer session token your backend minted, and wrap the components in `TollgateProvider`.
 */
export { BuyCredits, type BuyCreditsProps } from './BuyCredits.tsx';
export { CostPreview, type CostPreviewProps } from './CostPreview.tsx';
export { CreditHistory, type CreditHistoryProps } from './CreditHistory.tsx';
export {
  CreditMeter,
  type CreditMeterProps,
  describeUsageWarning,
  measurePlanUsage,
} from './CreditMeter.tsx';
export { CreditSheet, type CreditSheetProps } from './CreditSheet.tsx';
export {
  createTollgateClient,
  TollgateApiError,
  type TollgateClient,
  type TollgateClientOptions,
} from './client.ts';
export { describeSource, formatCredits, formatPrice } from './format.ts';
export { GenerationReceipt, type GenerationReceiptProps } from './GenerationReceipt.tsx';
export { describeLowCredits, LowCredits, type LowCreditsProps } from './LowCredits.tsx';
export { OutOfCredits, type OutOfCreditsProps } from './OutOfCredits.tsx';
export { PlanPicker, type PlanPickerProps } from './PlanPicker.tsx';
export {
  TollgateProvider,
  type TollgateProviderProps,
  type TollgateState,
  useTollgate,
} from './TollgateProvider.tsx';
export type * from './types.ts';
export { UsageProjections } from './UsageProjections.tsx';
export { useAffordability } from './use-affordability.ts';
export { type CheckoutHandler, useCheckout } from './use-checkout.ts';
export {
  readAffordability,
  readCatalog,
  readCustomer,
  readLedgerPage,
  readQuote,
  readReceipt,
} from './wire.ts';
