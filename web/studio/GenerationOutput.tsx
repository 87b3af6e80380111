import type { GenerationOutput as Output } from './studio-api.ts';

/** What the simulated provider made: text, an image drawn on the server, a clip placeholder. */
export function GenerationOutput({ outputs }: { readonly outputs: readonly Output[] }) {
  return (
    <div className="studio-outputs" data-testid="generation-output">
      {outputs.map((o, i) => {
        const key = `${o.kind}-${i}`;
        switch (o.kind) {
          case 'text':
            return (
              <p key={key} className="studio-output-text">
                {o.text}
              </p>
            );
          case 'image':
            return (
              <img
                key={key}
                src={o.url}
                alt={o.alt}
                className="studio-output-media"
                width={320}
                height={200}
              />
            );
          case 'audio':
            return (
              <figure key={key} className="studio-output-clip">
                {/* biome-ignore lint/a11y/useMediaCaption: a generated instrumental placeholder has no words to caption */}
                <audio controls src={o.url} aria-label={o.alt} />
                <figcaption className="tg-small tg-muted">{o.alt}</figcaption>
              </figure>
            );
          case 'video':
            return (
              <figure key={key} className="studio-output-clip">
                <img src={o.url} alt={o.alt} className="studio-output-media" width={320} height={180} />
                <figcaption className="tg-small tg-muted">{o.alt}</figcaption>
              </figure>
            );
          default:
            return null;
        }
      })}
    </div>
  );
}
