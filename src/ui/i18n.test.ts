import { describe, expect, it } from 'vitest';
import { areaIds, languages, messages, otherLanguage, pickLanguage } from './i18n';

describe('pickLanguage', () => {
  it.each([
    [['zh-CN'], 'zh-CN'],
    [['zh'], 'zh-CN'],
    [['zh-TW', 'en-US'], 'zh-CN'],
    [['ZH_hans_CN'], 'zh-CN'],
    [['en-US', 'zh-CN'], 'en'],
    [['en'], 'en'],
    [['fr-FR', 'de', 'zh-CN'], 'zh-CN'],
    [['fr-FR', 'de'], 'en'],
    [[], 'en'],
  ] as const)('%j -> %s', (preferred, expected) => {
    expect(pickLanguage(preferred)).toBe(expected);
  });
});

describe('otherLanguage', () => {
  it('toggles between the two languages', () => {
    expect(otherLanguage('zh-CN')).toBe('en');
    expect(otherLanguage('en')).toBe('zh-CN');
  });
});

describe('messages', () => {
  it('names every area in every language with non-empty text', () => {
    for (const language of languages) {
      for (const area of areaIds) {
        expect(messages[language].areas[area].trim()).not.toBe('');
      }
    }
  });
});
