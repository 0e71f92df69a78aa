import { rng } from './demo-data';

export type DemoNote = {
  returneeIndex: number;
  // which of the office's caseworkers writes it (round robin over the team)
  author: number;
  kind: 'counselling' | 'home_visit' | 'phone_call' | 'office_visit' | 'other';
  daysAgo: number;
  durationMinutes: number;
  text: string;
  confidential: boolean;
  // on one of the returnee's cases, when there is one
  onCase: boolean;
  // a correction written by the same author, pointing to this note
  correction?: string;
};

const TEXTS: Array<[DemoNote['kind'], string]> = [
  ['counselling', 'Первичная консультация: обсудили планы на трудоустройство и нужные документы. Клиент настроен работать в строительстве.'],
  ['counselling', 'Консультация: жалуется на плохой сон и тревогу после депортации. Рекомендовано обратиться к психологу, дан контакт.'],
  ['phone_call', 'Звонок: уточнили дату приёма в ЦСМ, клиент подтвердил, что придёт с паспортом.'],
  ['home_visit', 'Визит на дом: семья живёт у родителей, дети ходят в школу. Нужна помощь с оформлением пособия.'],
  ['office_visit', 'Пришёл в офис: принёс справку о стаже из России, передали в Соцфонд.'],
  ['phone_call', 'Звонок: долг перед работодателем в Москве не выплачен, готов обратиться за юридической помощью.'],
  ['home_visit', 'Визит на дом: младший ребёнок живёт у бабушки в селе, бабушка болеет. Обсудили, кто будет присматривать.'],
  ['other', 'Встреча на курсах: клиент начал обучение сварке, посещает регулярно.'],
];
const CORRECTIONS = [
  'Исправление: дата приёма перенесена на следующую неделю, клиент предупреждён.',
  'Исправление: справка о стаже выдана не полностью, недостающие месяцы запросили повторно.',
];

// Notes for every third demo returnee: one to three contacts of the last four months, every fifth of them confidential,
// some on a case, and every seventh (not confidential) corrected later by its author.
export function demoNotes(people: number): DemoNote[] {
  const r = rng(17);
  const out: DemoNote[] = [];
  for (let i = 0; i < people; i++) {
    if (i % 3 !== 0) continue;
    const n = 1 + Math.floor(r() * 3);
    for (let k = 0; k < n; k++) {
      const [kind, text] = TEXTS[Math.floor(r() * TEXTS.length)];
      const confidential = out.length % 5 === 4;
      out.push({
        returneeIndex: i,
        author: k,
        kind,
        daysAgo: 1 + Math.floor(r() * 120),
        durationMinutes: kind === 'phone_call' ? 5 + Math.floor(r() * 15) : 20 + 5 * Math.floor(r() * 12),
        text,
        confidential,
        onCase: r() < 0.4,
        ...(!confidential && out.length % 7 === 3 ? { correction: CORRECTIONS[out.length % CORRECTIONS.length] } : {}),
      });
    }
  }
  return out;
}
