/**
 * The video section (a sample from the catalog's first video model, or for a music catalog a
 * clip) and the MusicGen flavour: clip lengths and their prices, and the free credits a new
 * listener gets.
 */
import { useEffect, useRef, useState } from 'react';
import { fetchSample, type PublicCatalog, type SampleOutput } from './api.ts';
import { formatCreditDollars, formatCredits } from './format.ts';

const REWARD_LABELS: Readonly<Record<string, string>> = {
  welcome: 'when you sign up',
  email_verified: 'for verifying your email',
  social_share: 'for sharing a track',
  referral: 'for you and each friend you invite',
  daily: 'every day on the free plan',
};

/** Loads a sample once the section scrolls near, so it costs nothing before then. */
function useSampleWhenNear(catalog: PublicCatalog, modelId: string | undefined, seconds: number) {
  const ref = useRef<HTMLElement>(null);
  const [sample, setSample] = useState<SampleOutput | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (el === null || modelId === undefined) return;
    const near = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      near.disconnect();
      fetchSample(catalog.page.slug, modelId, seconds).then(setSample, () => setSample(null));
    });
    near.observe(el);
    return () => near.disconnect();
  }, [catalog, modelId, seconds]);
  return { ref, sample };
}

export function VideoSection({ catalog }: { catalog: PublicCatalog }) {
  const video = catalog.models.find((m) => m.category === 'video');
  const { ref, sample } = useSampleWhenNear(catalog, video?.id, 10);
  if (video === undefined) return null;
  return (
    <section className="section video-section" aria-labelledby="video-title" ref={ref}>
      <h2 id="video-title">See it move</h2>
      <p className="lede">
        A ten-second {video.name} clip, drawn by the demo&apos;s simulated provider. Videos are priced by
        length, so you know the cost before you press generate.
      </p>
      <div className="video-frame">
        {sample !== null && sample.kind !== 'text' ? (
          <img src={sample.url} alt={sample.alt} width={640} height={360} />
        ) : (
          <p>Loading the clip…</p>
        )}
      </div>
    </section>
  );
}

export function MusicFlavour({ catalog }: { catalog: PublicCatalog }) {
  const music = catalog.models.find((m) => m.category === 'music');
  const { ref, sample } = useSampleWhenNear(catalog, music?.id, 10);
  if (music === undefined) return null;
  const steps = music.pricing.steps ?? [];
  return (
    <section className="section music-section" aria-labelledby="music-title" ref={ref}>
      <h2 id="music-title">Clips priced by length</h2>
      <ul className="steps">
        {steps.map((s) => (
          <li key={s.seconds}>
            <strong>{s.seconds} seconds</strong>
            <span>
              {formatCredits(s.credits)} · {formatCreditDollars(s.credits, catalog.credit_value_micros)}
            </span>
          </li>
        ))}
      </ul>
      <div className="listen">
        <h3>Listen to a 10-second clip</h3>
        {sample !== null && sample.kind === 'audio' ? (
          // biome-ignore lint/a11y/useMediaCaption: a generated instrumental clip has no words to caption
          <audio controls src={sample.url} aria-label={sample.alt} />
        ) : (
          <p>Loading the clip…</p>
        )}
      </div>
      {catalog.rewards.length > 0 ? (
        <>
          <h3>Free credits</h3>
          <ul className="rewards">
            {catalog.rewards.map((r) => (
              <li key={r.kind}>
                <strong>+{formatCredits(r.credits)}</strong> {REWARD_LABELS[r.kind] ?? r.kind}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
