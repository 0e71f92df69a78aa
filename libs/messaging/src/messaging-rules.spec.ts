import {
  afterQuietHours,
  bishkekDayStart,
  containsHealthWords,
  isQuietHour,
  nextMorning,
  parseKeyword,
  pickLanguage,
  renderTemplate,
  TEMPLATES,
  TemplateError,
} from './messaging-rules';

// Asia/Bishkek = UTC+6: 21:00 local = 15:00Z, 09:00 local = 03:00Z.
const at = (iso: string) => new Date(iso);

describe('messaging rules', () => {
  it('should write in the first of ky/ru the returnee speaks, else Russian', () => {
    expect(pickLanguage(['uz', 'ky', 'ru'])).toBe('ky');
    expect(pickLanguage(['ru', 'ky'])).toBe('ru');
    expect(pickLanguage(['en', 'uz'])).toBe('ru');
    expect(pickLanguage([])).toBe('ru');
    expect(pickLanguage(null)).toBe('ru');
  });

  it('should render a template with its placeholders in each language, and refuse a missing one or an unknown key', () => {
    const params = { date: '08.12', time: '10:00', place: 'ЦЗН, Токтогула 12' };
    expect(renderTemplate('appointment_reminder.evening', 'ky', params)).toBe('Эскертүү: эртең 08.12 саат 10:00 жолугушууңуз бар. Жери: ЦЗН, Токтогула 12.');
    expect(renderTemplate('appointment_reminder.evening', 'ru', params)).toContain('завтра, 08.12, в 10:00');
    expect(renderTemplate('appointment_reminder.evening', 'en', params)).toContain('tomorrow, 08.12, at 10:00');
    expect(() => renderTemplate('appointment_reminder.evening', 'ru', { time: '10:00' })).toThrow(TemplateError);
    expect(() => renderTemplate('nope', 'ru')).toThrow(/unknown template/);
  });

  it('should give every template all three languages, and no health words in what may go by SMS', () => {
    for (const [key, t] of Object.entries(TEMPLATES)) {
      for (const lang of ['ky', 'ru', 'en'] as const) {
        expect(typeof t[lang]).toBe('string');
        const neutral = t.health ? t.smsSafe?.[lang] : t[lang];
        expect({ key, lang, neutral: typeof neutral === 'string' && !containsHealthWords(neutral) }).toEqual({ key, lang, neutral: true });
      }
      // a health template says so: its full text carries health words
      if (t.health) expect(containsHealthWords(t.ru) && containsHealthWords(t.ky) && containsHealthWords(t.en)).toBe(true);
    }
    expect(renderTemplate('tb_checkin.ask', 'ky', {}, true)).not.toMatch(/кургак учук/i);
    expect(renderTemplate('tb_checkin.ask', 'ky', {}, false)).toMatch(/кургак учук/i);
  });

  it('should spot health words in ky, ru and en, and leave plain reminders alone', () => {
    for (const s of ['Лечение ТБ: приходите', 'Вы приняли лекарство?', 'кургак учук боюнча', 'Your TB appointment', 'HIV test', 'дарыңызды ичтиңизби']) {
      expect({ s, hit: containsHealthWords(s) }).toEqual({ s, hit: true });
    }
    for (const s of ['Напоминаем: завтра в 10:00 встреча', 'Эртең саат 10:00 жолугушуу', 'Tomorrow at 10:00', 'Stable job offer']) {
      expect({ s, hit: containsHealthWords(s) }).toEqual({ s, hit: false });
    }
  });

  it('should read STOP/СТОП/ТОКТОТ and START/СТАРТ/БАШТОО in any case, alone', () => {
    for (const s of ['STOP', 'stop', ' Stop! ', 'стоп', 'СТОП', 'токтот', 'Токтот', '/stop']) expect(parseKeyword(s)).toBe('stop');
    for (const s of ['START', 'start', 'старт', 'Баштоо', '/start']) expect(parseKeyword(s)).toBe('start');
    for (const s of ['1', 'please stop sending', 'стоп-кран', '', undefined]) expect(parseKeyword(s)).toBeNull();
  });

  it('should hold a message in quiet hours 21:00–09:00 Asia/Bishkek until 09:00, never drop it', () => {
    expect(isQuietHour(at('2026-12-07T14:59:00Z'))).toBe(false); // 20:59 local
    expect(isQuietHour(at('2026-12-07T15:00:00Z'))).toBe(true); // 21:00
    expect(isQuietHour(at('2026-12-07T02:59:00Z'))).toBe(true); // 08:59
    expect(isQuietHour(at('2026-12-07T03:00:00Z'))).toBe(false); // 09:00
    expect(afterQuietHours(at('2026-12-07T10:00:00Z')).toISOString()).toBe('2026-12-07T10:00:00.000Z');
    // 22:30 local → 09:00 next day
    expect(afterQuietHours(at('2026-12-07T16:30:00Z')).toISOString()).toBe('2026-12-08T03:00:00.000Z');
    // 23:59 local on the 7th is 17:59Z; 00:30 local on the 8th is 18:30Z on the 7th → both 09:00 on the 8th
    expect(afterQuietHours(at('2026-12-07T17:59:00Z')).toISOString()).toBe('2026-12-08T03:00:00.000Z');
    expect(afterQuietHours(at('2026-12-07T18:30:00Z')).toISOString()).toBe('2026-12-08T03:00:00.000Z');
    // 07:00 local → 09:00 the same day
    expect(afterQuietHours(at('2026-12-08T01:00:00Z')).toISOString()).toBe('2026-12-08T03:00:00.000Z');
  });

  it('should count days from midnight Asia/Bishkek', () => {
    expect(bishkekDayStart(at('2026-12-07T18:30:00Z')).toISOString()).toBe('2026-12-07T18:00:00.000Z');
    expect(bishkekDayStart(at('2026-12-07T17:59:00Z')).toISOString()).toBe('2026-12-06T18:00:00.000Z');
    expect(nextMorning(at('2026-12-07T10:00:00Z')).toISOString()).toBe('2026-12-08T03:00:00.000Z');
  });
});
