import { describe, expect, it } from 'vitest';
import { compareVersions, isModelVersion, nextVersion, versionProblem } from './versions.js';

describe('versions', () => {
  it('accepts x.y.z only, as the workbook schema does', () => {
    expect(['1.0.0', '0.1.0', '10.20.30'].map(isModelVersion)).toEqual([true, true, true]);
    expect(['1.0', 'v1.0.0', '1.0.0-beta', '', '1.0.0.1'].map(isModelVersion)).toEqual([false, false, false, false, false]);
    expect(versionProblem('v2')).toBe('"v2" must be a version like 1.0.0');
    expect(versionProblem('2.0.0')).toBeUndefined();
  });

  it('orders numerically', () => {
    expect(['1.10.0', '1.9.0', '1.9.10', '1.9.2', '0.1.0'].sort(compareVersions)).toEqual(['0.1.0', '1.9.0', '1.9.2', '1.9.10', '1.10.0']);
  });

  it('suggests the patch after the highest release', () => {
    expect(nextVersion([], '0.1.0')).toBe('0.1.0');
    expect(nextVersion(['1.0.0'], '1.0.0')).toBe('1.0.1');
    expect(nextVersion(['1.0.9', '1.0.10', '1.0.2'], '1.0.0')).toBe('1.0.11');
    expect(nextVersion(['2024-spring'], 'x')).toBe('2024-spring.1');
  });
});
