/** One headline figure with its trend against the previous period of the same length. */
import { formatTrend } from './format.ts';

export function Stat(props: {
  label: string;
  value: string;
  now: number;
  before: number | null;
  testId: string;
}) {
  const trend = props.before === null ? null : formatTrend(props.now, props.before);
  return (
    <div className="dash-stat">
      <p className="dash-stat-label">{props.label}</p>
      <p className="dash-stat-value" data-testid={props.testId} data-value={props.now}>
        {props.value}
      </p>
      {trend !== null && <p className={`dash-trend dash-trend-${trend.direction}`}>{trend.text}</p>}
    </div>
  );
}
