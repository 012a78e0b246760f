import { describe, expect, it } from 'vitest';
import { localMessage, problemAt, readNumber, readYuan, yuanText } from './fieldText';

describe('readYuan', () => {
  it('reads yuan to fen from the digits', () => {
    expect(readYuan('1234.5', 'en')).toEqual({ ok: true, value: 123450 });
    expect(readYuan('0.29', 'en')).toEqual({ ok: true, value: 29 });
    expect(readYuan('¥3,000,000', 'en')).toEqual({ ok: true, value: 300000000 });
    expect(readYuan(' 800 ', 'en')).toEqual({ ok: true, value: 80000 });
    expect(readYuan('１２.３', 'en')).toEqual({ ok: true, value: 1230 });
  });

  it('refuses what is not an amount, saying why', () => {
    expect(readYuan('12.345', 'en')).toEqual({ ok: false, reason: '"12.345" is not an amount (at most 2 decimals, like 1234.50)' });
    expect(readYuan('abc', 'zh-CN')).toEqual({ ok: false, reason: '“abc”不是金额（最多两位小数，如 1234.50）' });
    expect(readYuan('-5', 'en')).toEqual({ ok: false, reason: 'must not be negative' });
    expect(readYuan('', 'en')).toEqual({ ok: false, reason: 'must not be empty' });
    expect(readYuan('99999999999999999', 'en')).toEqual({ ok: false, reason: 'is too large' });
  });
});

describe('yuanText', () => {
  it('shows whole yuan bare and fen with two decimals', () => {
    expect(yuanText(300000000)).toBe('3000000');
    expect(yuanText(123450)).toBe('1234.50');
    expect(yuanText(7)).toBe('0.07');
    expect(yuanText(0)).toBe('0');
  });
});

describe('readNumber', () => {
  it('reads numbers and refuses text', () => {
    expect(readNumber('1.02', 'en')).toEqual({ ok: true, value: 1.02 });
    expect(readNumber('1,200', 'en')).toEqual({ ok: true, value: 1200 });
    expect(readNumber('x1', 'en')).toEqual({ ok: false, reason: '"x1" is not a number' });
    expect(readNumber(' ', 'zh-CN')).toEqual({ ok: false, reason: '不能为空' });
  });
});

describe('problemAt', () => {
  it('splits a rooted problem into path and message', () => {
    expect(problemAt('customer.contacts.0.email must be an e-mail address like name@example.com', 'customer')).toEqual({
      path: ['contacts', '0', 'email'],
      message: 'must be an e-mail address like name@example.com',
    });
    expect(problemAt('pricing.regions.1.policy.factor Too small: expected number to be >0', 'pricing')).toEqual({
      path: ['regions', '1', 'policy', 'factor'],
      message: 'Too small: expected number to be >0',
    });
  });

  it('leaves problems of another root alone', () => {
    expect(problemAt('region "east" is defined twice', 'pricing')).toBeUndefined();
    expect(problemAt('customers.x bad', 'customer')).toBeUndefined();
  });
});

describe('localMessage', () => {
  it('translates the known messages into Chinese and keeps the rest', () => {
    expect(localMessage('must not be empty', 'zh-CN')).toBe('不能为空');
    expect(localMessage('must not be empty', 'en')).toBe('must not be empty');
    expect(localMessage('something new', 'zh-CN')).toBe('something new');
  });
});
