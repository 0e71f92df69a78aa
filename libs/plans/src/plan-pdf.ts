import { dirname, join } from 'node:path';
import type { PlanDto } from './dto/plan.dto';

// The printable plan the returnee agrees to, in Kyrgyz or Russian, built server-side with pdfmake 0.3 (its Printer,
// without the package's global singleton) and the DejaVu Sans TTF embedded: it has every Kyrgyz letter (ң ө ү).
// Nothing is fetched: remote URLs are refused and local files are limited to the font folder.

export const PDF_LANGUAGES = ['ky', 'ru'] as const;
export type PdfLanguage = (typeof PDF_LANGUAGES)[number];

type Words = {
  title: string;
  returnee: string;
  code: string;
  office: string;
  version: string;
  status: string;
  approved: string;
  notApproved: string;
  goal: string;
  dimension: string;
  target: string;
  goalStatus: string;
  actions: string;
  what: string;
  who: string;
  by: string;
  actionStatus: string;
  noActions: string;
  agreement: string;
  signReturnee: string;
  signCaseworker: string;
  signDate: string;
  signedOn: string;
  printed: string;
  dimensions: Record<string, string>;
  planStatuses: Record<string, string>;
  goalStatuses: Record<string, string>;
  actionStatuses: Record<string, string>;
  kinds: Record<string, string>;
};

export const PDF_WORDS: Record<PdfLanguage, Words> = {
  ky: {
    title: 'Жеке реинтеграция планы',
    returnee: 'Кайтып келген адам',
    code: 'Коду',
    office: 'Кеңсе',
    version: 'Версия',
    status: 'Абалы',
    approved: 'Бекитилген',
    notApproved: 'Азырынча бекитиле элек',
    goal: 'Максат',
    dimension: 'Багыт',
    target: 'Мөөнөтү',
    goalStatus: 'Абалы',
    actions: 'Иш-аракеттер',
    what: 'Эмне кылынат',
    who: 'Ким аткарат',
    by: 'Качанга чейин',
    actionStatus: 'Абалы',
    noActions: 'Иш-аракет жок',
    agreement: 'Мен бул план менен тааныштым жана ага макулмун.',
    signReturnee: 'Кайтып келген адамдын колу',
    signCaseworker: 'Социалдык кызматкердин колу',
    signDate: 'Күнү',
    signedOn: 'Кол коюлган күнү',
    printed: 'Басылып чыккан күнү',
    dimensions: { economic: 'Экономикалык', social: 'Социалдык', psychosocial: 'Психосоциалдык' },
    planStatuses: {
      draft: 'Долбоор',
      submitted: 'Бекитүүгө жөнөтүлгөн',
      approved: 'Бекитилген',
      returned: 'Кайра иштетүүгө кайтарылган',
      under_review: 'Көзөмөлдө',
      completed: 'Аяктаган',
      closed: 'Жабылган',
    },
    goalStatuses: { not_started: 'Башталган эмес', in_progress: 'Аткарылууда', achieved: 'Жетишилди', dropped: 'Токтотулду' },
    actionStatuses: { pending: 'Күтүүдө', in_progress: 'Аткарылууда', done: 'Аткарылды', cancelled: 'Жокко чыгарылды' },
    kinds: { case: 'Иш', referral: 'Жолдомо', follow_up: 'Байланыш', task: 'Тапшырма', assistance: 'Жардам' },
  },
  ru: {
    title: 'Индивидуальный план реинтеграции',
    returnee: 'Вернувшийся',
    code: 'Код',
    office: 'Офис',
    version: 'Версия',
    status: 'Статус',
    approved: 'Утверждён',
    notApproved: 'Ещё не утверждён',
    goal: 'Цель',
    dimension: 'Направление',
    target: 'Срок',
    goalStatus: 'Статус',
    actions: 'Действия',
    what: 'Что сделать',
    who: 'Кто выполняет',
    by: 'До какого числа',
    actionStatus: 'Статус',
    noActions: 'Действий нет',
    agreement: 'Я ознакомлен(а) с планом и согласен(на) с ним.',
    signReturnee: 'Подпись вернувшегося',
    signCaseworker: 'Подпись социального работника',
    signDate: 'Дата',
    signedOn: 'Дата подписания',
    printed: 'Дата печати',
    dimensions: { economic: 'Экономическое', social: 'Социальное', psychosocial: 'Психосоциальное' },
    planStatuses: {
      draft: 'Черновик',
      submitted: 'На утверждении',
      approved: 'Утверждён',
      returned: 'Возвращён на доработку',
      under_review: 'На мониторинге',
      completed: 'Выполнен',
      closed: 'Закрыт',
    },
    goalStatuses: { not_started: 'Не начата', in_progress: 'Выполняется', achieved: 'Достигнута', dropped: 'Отменена' },
    actionStatuses: { pending: 'Ожидает', in_progress: 'Выполняется', done: 'Выполнено', cancelled: 'Отменено' },
    kinds: { case: 'Дело', referral: 'Направление', follow_up: 'Контакт', task: 'Задача', assistance: 'Помощь' },
  },
};

// The plan's language: asked for, else the returnee's (Kyrgyz before Russian among their languages), else Russian.
export function pdfLanguageOf(requested: string | undefined, languages: string[]): PdfLanguage {
  if (requested === 'ky' || requested === 'ru') return requested;
  if (languages.includes('ky')) return 'ky';
  return 'ru';
}

// A file name with no personal data: the returnee's code and the version.
export const pdfFileName = (returneeCode: string | null, version: number): string =>
  `plan-${(returneeCode ?? 'returnee').replace(/[^A-Za-z0-9-]/g, '')}-v${version}.pdf`;

const fontDir = (): string => dirname(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));

export type PlanPdfInput = {
  plan: PlanDto;
  returneeName: string | null;
  returneeCode: string | null;
  officeName: string | null;
  lang: PdfLanguage;
  printedOn: string;
};

const dash = '—';

export function planDocDefinition(input: PlanPdfInput): Record<string, unknown> {
  const w = PDF_WORDS[input.lang];
  const p = input.plan;
  const meta = (label: string, value: string) => ({ text: [{ text: `${label}: `, bold: true }, value] });
  const goals = p.goals.flatMap((g, i) => [
    { text: `${w.goal} ${i + 1}. ${g.text}`, style: 'goal' },
    {
      text: `${w.dimension}: ${w.dimensions[g.dimension] ?? g.dimension} · ${w.target}: ${g.targetDate} · ${w.goalStatus}: ${w.goalStatuses[g.status] ?? g.status}`,
      margin: [0, 0, 0, 4],
    },
    g.actions.length
      ? {
          table: {
            headerRows: 1,
            widths: ['*', 'auto', 'auto', 'auto'],
            body: [
              [w.what, w.who, w.by, w.actionStatus].map((t) => ({ text: t, bold: true })),
              ...g.actions.map((a) => [
                [w.kinds[a.kind] ?? a.kind, a.refLabel, a.text].filter(Boolean).join(': '),
                a.ownerName ?? dash,
                a.dueAt ?? dash,
                w.actionStatuses[a.status] ?? a.status,
              ]),
            ],
          },
          margin: [0, 0, 0, 10],
        }
      : { text: w.noActions, italics: true, margin: [0, 0, 0, 10] },
  ]);
  const signLine = (label: string) => ({
    columns: [
      { text: `${label}: ____________________`, width: '*' },
      { text: `${w.signDate}: ____________`, width: 'auto' },
    ],
    margin: [0, 18, 0, 0],
  });
  return {
    info: { title: `${w.title} v${p.version}`, creator: 'Kaytuu' },
    defaultStyle: { font: 'DejaVuSans', fontSize: 10 },
    styles: { title: { fontSize: 16, bold: true, margin: [0, 0, 0, 8] }, goal: { fontSize: 12, bold: true, margin: [0, 8, 0, 2] } },
    content: [
      { text: w.title, style: 'title' },
      meta(w.returnee, input.returneeName ?? dash),
      meta(w.code, input.returneeCode ?? dash),
      meta(w.office, input.officeName ?? dash),
      meta(w.version, String(p.version)),
      meta(w.status, w.planStatuses[p.status] ?? p.status),
      meta(w.approved, p.approvedAt ? `${p.approvedAt.slice(0, 10)} (${p.approvedByName ?? dash})` : w.notApproved),
      ...(p.signedAt ? [meta(w.signedOn, p.signedAt)] : []),
      meta(w.printed, input.printedOn),
      { text: '', margin: [0, 6, 0, 0] },
      ...goals,
      { text: w.agreement, margin: [0, 16, 0, 0] },
      signLine(w.signReturnee),
      signLine(w.signCaseworker),
    ],
  };
}

type PdfKitDoc = NodeJS.ReadableStream & { end(): void; on(event: string, cb: (chunk?: Buffer) => void): void };
type PrinterCtor = new (
  fonts: Record<string, Record<string, string>>,
  vfs: unknown,
  resolver: unknown,
  localAccessPolicy: (path: string) => boolean,
) => { createPdfKitDocument(doc: Record<string, unknown>): Promise<PdfKitDoc> };

export async function renderPlanPdf(input: PlanPdfInput): Promise<Buffer> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const Printer = (require('pdfmake/js/Printer') as { default: PrinterCtor }).default;
  const vfs = (require('pdfmake/js/virtual-fs') as { default: unknown }).default;
  const URLResolver = (require('pdfmake/js/URLResolver') as { default: new (v: unknown) => { setUrlAccessPolicy(cb: (url: string) => boolean): void } })
    .default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const dir = fontDir();
  const fonts = {
    DejaVuSans: {
      normal: join(dir, 'DejaVuSans.ttf'),
      bold: join(dir, 'DejaVuSans-Bold.ttf'),
      italics: join(dir, 'DejaVuSans-Oblique.ttf'),
      bolditalics: join(dir, 'DejaVuSans-BoldOblique.ttf'),
    },
  };
  const resolver = new URLResolver(vfs);
  resolver.setUrlAccessPolicy(() => false);
  const printer = new Printer(fonts, vfs, resolver, (path) => path.startsWith(dir));
  const doc = await printer.createPdfKitDocument(planDocDefinition(input));
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    doc.on('data', (c) => chunks.push(c as Buffer));
    doc.on('end', () => resolve());
    doc.on('error', (e) => reject(e as unknown as Error));
  });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
