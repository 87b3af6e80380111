/** The date range (whole UTC days, both inclusive) and the granularity every analytics page reads. */

export interface Range {
  readonly from: string;
  readonly to: string;
  readonly granularity: 'day' | 'week' | 'month';
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The last 30 days, ending today (UTC). */
export function defaultRange(now = Date.now()): Range {
  return { from: iso(now - 29 * DAY), to: iso(now), granularity: 'day' };
}

/** The range of the same length just before `r` (for trends). */
export function previousRange(r: Range): Range {
  const from = Date.parse(`${r.from}T00:00:00Z`);
  const to = Date.parse(`${r.to}T00:00:00Z`);
  const days = Math.round((to - from) / DAY) + 1;
  return { ...r, from: iso(from - days * DAY), to: iso(from - DAY) };
}

export function RangePicker(props: { value: Range; onChange: (r: Range) => void }) {
  const { value, onChange } = props;
  return (
    <fieldset className="dash-range">
      <legend className="dash-visually-hidden">Date range</legend>
      <label>
        From
        <input
          type="date"
          value={value.from}
          max={value.to}
          onChange={(e) => e.target.value && onChange({ ...value, from: e.target.value })}
        />
      </label>
      <label>
        To
        <input
          type="date"
          value={value.to}
          min={value.from}
          onChange={(e) => e.target.value && onChange({ ...value, to: e.target.value })}
        />
      </label>
      <label>
        By
        <select
          value={value.granularity}
          onChange={(e) => onChange({ ...value, granularity: e.target.value as Range['granularity'] })}
        >
          <option value="day">Day</option>
          <option value="week">Week</option>
          <option value="month">Month</option>
        </select>
      </label>
    </fieldset>
  );
}
