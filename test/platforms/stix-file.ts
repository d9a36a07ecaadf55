/** Reads an exported STIX file back, for the platform tests: the bundle, and Kato's attribution of JAXA 2016 in it. */
import type { StixBundle, StixObject } from '../../src/export/stix.ts';

export function parseBundle(content: Buffer | string): StixBundle {
  const bundle = JSON.parse(String(content)) as StixBundle;
  if (bundle.type !== 'bundle' || !Array.isArray(bundle.objects)) throw new Error('not a STIX bundle');
  return bundle;
}

/** The `attributed-to` relationship from the JAXA 2016 campaign to Tick, created by Katsunobu Kato, if any. */
export function katoAttribution(bundle: StixBundle): StixObject | undefined {
  const byName = (type: string, name: string) => bundle.objects.find((o) => o.type === type && o.name === name);
  const kato = byName('identity', 'Katsunobu Kato');
  const campaign = byName('campaign', 'JAXA intrusions by Tick (2016–17)');
  const tick = byName('intrusion-set', 'Tick');
  if (!kato || !campaign || !tick) return undefined;
  return bundle.objects.find(
    (o) =>
      o.type === 'relationship' &&
      o.relationship_type === 'attributed-to' &&
      o.created_by_ref === kato.id &&
      o.source_ref === campaign.id &&
      o.target_ref === tick.id,
  );
}
