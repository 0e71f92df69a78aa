import { botLanguage, botText } from './telegram-texts';
import { parseUpdate } from './telegram-update.service';

describe('parseUpdate', () => {
  const message = { message_id: 3, date: 1_765_000_000, chat: { id: 42, type: 'private' }, from: { id: 42, language_code: 'ky' }, text: 'Салам' };

  it('should take a text message and a button press as Telegram sends them', () => {
    expect(parseUpdate({ update_id: 1, message })).toEqual({ update_id: 1, message });
    const callback_query = { id: '9', from: { id: 42 }, data: '1', message };
    expect(parseUpdate({ update_id: 2, callback_query })).toEqual({ update_id: 2, callback_query });
    // kinds the bot does not read pass, and are ignored by the handler
    expect(parseUpdate({ update_id: 3, edited_message: { anything: true } })).not.toBeNull();
  });

  it('should refuse what is not an update or carries wrong-typed fields the bot reads', () => {
    const bad: unknown[] = [
      null,
      [],
      'x',
      {},
      { update_id: '1' },
      { update_id: 1.5 },
      { update_id: 1, message: { ...message, chat: { id: 1e308, type: 'private' } } },
      { update_id: 1, message: { ...message, text: 5 } },
      { update_id: 1, message: { ...message, from: { id: 1, language_code: 7 } } },
      { update_id: 1, message: [] },
      { update_id: 1, callback_query: { id: 9, from: { id: 1 } } },
      { update_id: 1, callback_query: { id: '9', from: { id: 1 }, data: {} } },
      { update_id: 1, callback_query: { id: '9', from: null } },
    ];
    for (const b of bad) expect(parseUpdate(b)).toBeNull();
  });
});

describe('botLanguage', () => {
  it("should speak the returnee's first language the bot knows, else Telegram's, else Russian", () => {
    expect(botLanguage(['uz', 'ky', 'ru'], 'en')).toBe('ky');
    expect(botLanguage([], 'en-US')).toBe('en');
    expect(botLanguage(['uz'], 'de')).toBe('ru');
    expect(botLanguage()).toBe('ru');
  });

  it('should have every answer in ky, ru and en', () => {
    for (const key of ['linked', 'codeUsed', 'codeExpired', 'codeUnknown', 'welcome'] as const) {
      const texts = (['ky', 'ru', 'en'] as const).map((l) => botText(key, l));
      expect(texts.every((x) => x.length > 10)).toBe(true);
      expect(new Set(texts).size).toBe(3);
    }
  });
});
