import { useId } from 'react';
import type { KitPlan } from '../components/index.ts';
import { PRESETS, type PresetId } from './presets.ts';

export interface DemoControlsProps {
  readonly preset: PresetId;
  readonly onPresetChange: (preset: PresetId) => void;
  readonly plans: readonly KitPlan[];
  readonly planId: string | null;
  readonly onPlanChange: (plan: string) => void;
  /** 0–100, the simulated provider's chance of failing. */
  readonly failureChance: number;
  readonly onFailureChanceChange: (percent: number) => void;
  readonly onReset: () => void;
  readonly busy: boolean;
}

/**
 * The demo's own switches, not part of the kit: which preset app to play, which plan the demo
 * customer is on, and how often the simulated provider fails.
 */
export function DemoControls(props: DemoControlsProps) {
  const planId = useId();
  const failId = useId();
  return (
    <section className="studio-controls" aria-label="Demo settings">
      <fieldset className="studio-segmented">
        <legend>App</legend>
        {PRESETS.map((p) => (
          <label key={p.id} data-checked={props.preset === p.id}>
            <input
              type="radio"
              name="preset"
              value={p.id}
              checked={props.preset === p.id}
              onChange={() => props.onPresetChange(p.id)}
            />
            {p.label}
          </label>
        ))}
      </fieldset>
      <div className="studio-field">
        <label htmlFor={planId}>Demo customer's plan</label>
        <select
          id={planId}
          value={props.planId ?? ''}
          disabled={props.busy || props.plans.length < 2}
          onChange={(e) => props.onPlanChange(e.target.value)}
        >
          {props.plans.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="studio-field">
        <label htmlFor={failId}>Provider failure chance: {props.failureChance}%</label>
        <input
          id={failId}
          type="range"
          min={0}
          max={100}
          step={5}
          value={props.failureChance}
          onChange={(e) => props.onFailureChanceChange(Number(e.target.value))}
        />
      </div>
      <button type="button" className="tg-button tg-button--ghost tg-button--small" onClick={props.onReset}>
        New demo customer
      </button>
    </section>
  );
}
