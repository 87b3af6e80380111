/**
 * The confirm step in front of every operator action: the action says what it will do, the
 * operator confirms or cancels, and the answer (or the API's error, naming the field) shows.
 */
import { type ReactNode, useState } from 'react';
import { ApiError } from './api.ts';

export function ConfirmAction(props: {
  /** The button that opens the step. */
  label: string;
  /** What will happen, in words, shown before confirming. */
  describe: () => string;
  /** Fields the action takes (shown above the button). */
  children?: ReactNode;
  run: () => Promise<unknown>;
  onDone: () => void;
  danger?: boolean;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const confirm = async () => {
    setBusy(true);
    try {
      await props.run();
      setMessage({ ok: true, text: 'Done.' });
      setAsking(false);
      props.onDone();
    } catch (e) {
      const text = e instanceof ApiError ? `${e.message}${e.param ? ` (${e.param})` : ''}` : String(e);
      setMessage({ ok: false, text });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="dash-action">
      {props.children}
      {asking ? (
        <div className="dash-confirm" role="alertdialog" aria-label={`Confirm: ${props.label}`}>
          <p>{props.describe()}</p>
          <button
            type="button"
            className={`dash-button ${props.danger ? 'dash-button-danger' : ''}`}
            onClick={confirm}
            disabled={busy}
          >
            Confirm
          </button>
          <button
            type="button"
            className="dash-button dash-button-quiet"
            onClick={() => setAsking(false)}
            disabled={busy}
          >
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          className={`dash-button ${props.danger ? 'dash-button-danger' : ''}`}
          disabled={props.disabled}
          onClick={() => {
            setMessage(null);
            setAsking(true);
          }}
        >
          {props.label}
        </button>
      )}
      {message !== null && (
        <p role="status" className={message.ok ? 'dash-ok' : 'dash-error'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
