import { describe, expect, it } from 'vitest';
import { loadWorkbookTree } from '../workbook/load.js';
import { openRelease, releaseModel } from '../workbook/release.js';
import { memorySource } from '../workbook/testSupport.js';
import { Configuration } from './Configuration.js';
import { SavedConfiguration, SavedConfigurationId, newSavedConfiguration, newSavedConfigurationId } from './SavedConfiguration.js';
import { miniValve } from './testSupport.js';

const HASH = 'ab'.repeat(32);

const record = {
  id: 'configuration:2f1e8c1a-0b7d-4c39-9d5e-1f2a3b4c5d6e',
  name: 'DN250 for 东方化工',
  modelId: 'mini-valve',
  modelVersion: '1.0.0',
  releaseHash: HASH,
  values: { dn: 250, body: 'CF8M', coating: true, qty: 3 },
  userSet: ['body', 'dn'],
  savedAt: '2026-05-04T08:30:00.000Z',
};

describe('SavedConfiguration', () => {
  it('parses a well-formed record', () => {
    expect(SavedConfiguration.parse(record)).toEqual(record);
  });

  it('refuses malformed records', () => {
    const bad = (over: Record<string, unknown>) => SavedConfiguration.safeParse({ ...record, ...over }).success;
    expect(bad({ id: '2f1e8c1a' })).toBe(false);
    expect(bad({ name: '' })).toBe(false);
    expect(bad({ releaseHash: HASH.toUpperCase() })).toBe(false);
    expect(bad({ modelVersion: 'v1' })).toBe(false);
    expect(bad({ values: { dn: null } })).toBe(false);
    expect(bad({ userSet: ['colour'] })).toBe(false);
    expect(bad({ userSet: ['dn', 'dn'] })).toBe(false);
    expect(bad({ savedAt: 'yesterday' })).toBe(false);
    expect(bad({ extra: 1 })).toBe(false);
  });

  it('makes fresh branded ids', () => {
    const a = newSavedConfigurationId();
    expect(SavedConfigurationId.safeParse(a).success).toBe(true);
    expect(a).not.toBe(newSavedConfigurationId());
  });

  it('saves a configuration pinned to its release, and re-prices to the same figure on it', async () => {
    const tree = await loadWorkbookTree('m.workbook.json', memorySource({ 'm.workbook.json': miniValve }));
    if (!tree.ok) throw new Error('load failed');
    const release = releaseModel(tree.root, { releasedAt: '2026-05-01T00:00:00.000Z' });
    const opened = await openRelease(release);
    if (!opened.ok) throw new Error('open failed');
    const config = new Configuration(opened.model);
    config.input('dn', '250');
    config.input('body', 'CF8M');
    config.input('coating', 'true');
    config.input('qty', '3');

    const saved = newSavedConfiguration({ name: 'Case', release, snapshot: config.snapshot(), savedAt: '2026-05-04T08:30:00.000Z' });
    expect(saved).toMatchObject({ modelId: 'mini-valve', modelVersion: '1.0.0', releaseHash: release.hash, userSet: ['body', 'coating', 'dn', 'qty'] });
    expect(SavedConfiguration.parse(JSON.parse(JSON.stringify(saved)))).toEqual(saved);

    const again = new Configuration(opened.model, saved);
    // 2600 × 2.5 = 6500.00 + 35 = 6535.00; × 1.25 = 8168.75; × 3 = 24506.25
    expect(again.price.outputs.total_price?.minor).toBe(2450625);
    expect([...again.userSet].sort()).toEqual(['body', 'coating', 'dn', 'qty']);
    opened.model.dispose();
  });
});
