/**
 * The price policies as screens read them: a signal that follows the directory document, and
 * the labels of tiers and regions in the interface language.
 */
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import type { PricingSettings } from '../../domain/pricing/PricingSettings';
import type { DirectoryStore, SettingsRead } from '../../sync/directory/directoryStore';
import type { Language } from '../i18n';

/** The settings as they are now, read again whenever the directory changes (here or by sync). Call inside a component. */
export function createSettings(directory: DirectoryStore): Accessor<SettingsRead> {
  const [read, setRead] = createSignal<SettingsRead>(directory.read(), { equals: false });
  const stop = directory.onChange(() => setRead(directory.read()));
  onCleanup(() => void stop());
  return read;
}

export function labelIn(label: { zh: string; en: string }, language: Language): string {
  const preferred = language === 'zh-CN' ? label.zh : label.en;
  return preferred.trim() !== '' ? preferred : language === 'zh-CN' ? label.en : label.zh;
}

/** A tier's label in the interface language; its key when the tier is no longer defined. */
export function tierLabel(settings: PricingSettings | undefined, key: string, language: Language): string {
  const tier = settings?.tiers.find((t) => t.policy.key === key);
  return tier ? labelIn(tier.label, language) : key;
}

export function regionLabel(settings: PricingSettings | undefined, key: string, language: Language): string {
  const region = settings?.regions.find((r) => r.policy.region === key);
  return region ? labelIn(region.label, language) : key;
}
