import { CreateUserDto, type UserService } from '@kaytuu/access';
import {
  type AssistanceService,
  type AssistanceStatus,
  type AssistanceType,
  CreateProgrammeDto,
  DisburseAssistanceDto,
  type MatchingService,
  type ProgrammeService,
  ProposeMatchingDto,
  RecordSurvivalCheckDto,
  ProposeAssistanceDto,
  VerifyAssistanceDto,
} from '@kaytuu/assistance';
import { type Actor, SYSTEM_ACTOR } from '@kaytuu/shared';
import { DEMO_PASSWORD } from './demo-data';

// Reintegration assistance in the demo (issue 19): a KGS programme of a state fund and a USD programme of a donor, with
// budget lines, items in every state for demo returnees of the offices that have a supervisor (each step through the
// assistance service, so the ledger, audit and eligibility are the real ones), and a demo donor granted the USD
// programme. At least five people have money committed in each programme, so the donor's report shows figures rather
// than suppressed cells on first start.
export type DemoAssistanceDeps = {
  programmes: ProgrammeService;
  assistance: AssistanceService;
  matching: MatchingService;
  users: UserService;
  valid: <T extends object>(cls: new () => T, data: Record<string, unknown>) => Promise<T>;
};
export type DemoAssistancePerson = { returneeId: string; caseworker: Actor; supervisor: Actor };
// a 1+1 business needs the returnee's open case (its 6- and 12-month follow-ups go there) and where the business is
export type DemoMatchingPerson = DemoAssistancePerson & { caseId: string; oblast: string; district: string };

export const DEMO_DONOR = { email: 'donor@partner.example.kg', fullName: 'Жылдыз Токтогулова', locale: 'en' } as const;

const day = (days: number) => new Date(Date.now() + 6 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

type DemoItem = { type: AssistanceType; amountMinor: number; state: AssistanceStatus; details?: Record<string, unknown>; justification: string };

const som = (n: number) => n * 100;
const usd = (n: number) => n * 100;

export const DEMO_KGS_PROGRAMME = {
  name: 'Государственный фонд миграции — старт-ап для вернувшихся',
  funder: 'Государственный фонд миграции при Министерстве труда',
  currency: 'KGS',
  assistanceTypes: ['business_grant', 'in_kind', 'training_voucher', 'medical_costs', 'transport'],
  lines: [
    { assistanceType: 'business_grant', amountMinor: som(2_000_000) },
    { assistanceType: 'in_kind', amountMinor: som(800_000) },
    { assistanceType: 'training_voucher', amountMinor: som(300_000) },
    { assistanceType: 'medical_costs', amountMinor: som(300_000) },
    { assistanceType: 'transport', amountMinor: som(100_000) },
  ],
  // above 150 000 som an admin approves second
  approvalThresholdMinor: som(150_000),
  // "1+1": each som of the returnee's own matched by one, up to 150 000 som
  matchRatioPercent: 100,
  matchCapMinor: som(150_000),
};

export const DEMO_USD_PROGRAMME = {
  name: 'Returnee Enterprise and Skills',
  funder: 'Donor partnership for safe migration and reintegration',
  currency: 'USD',
  assistanceTypes: ['business_grant', 'in_kind', 'training_voucher'],
  lines: [
    { assistanceType: 'business_grant', amountMinor: usd(150_000) },
    { assistanceType: 'in_kind', amountMinor: usd(50_000) },
    { assistanceType: 'training_voucher', amountMinor: usd(30_000) },
  ],
  approvalThresholdMinor: null,
};

const KGS_ITEMS: DemoItem[] = [
  { type: 'business_grant', amountMinor: som(120_000), state: 'verified', justification: 'Пекарня-тандыр в Ленинском районе, бизнес-план одобрен' },
  { type: 'business_grant', amountMinor: som(90_000), state: 'verified', justification: 'Ремонт обуви и ключей на рынке Ош' },
  {
    type: 'in_kind',
    amountMinor: som(65_000),
    state: 'disbursed',
    details: { items: [{ name: 'Швейная машина промышленная', quantity: 2 }], supplier: 'ОсОО «Тигүү Техника», Бишкек' },
    justification: 'Швейный цех на дому, опыт работы в Москве 6 лет',
  },
  {
    type: 'training_voucher',
    amountMinor: som(25_000),
    state: 'disbursed',
    details: { course: 'Электросварщик, 3 месяца', provider: 'Профессиональный лицей № 10, Ош' },
    justification: 'Работал подсобником на стройке, хочет получить разряд',
  },
  { type: 'business_grant', amountMinor: som(100_000), state: 'approved', justification: 'Авторемонтная мастерская, аренда бокса' },
  { type: 'medical_costs', amountMinor: som(18_000), state: 'proposed', justification: 'Обследование после травмы на стройке' },
  { type: 'transport', amountMinor: som(4_500), state: 'rejected', justification: 'Проезд к месту обучения' },
  {
    type: 'in_kind',
    amountMinor: som(40_000),
    state: 'cancelled',
    details: { items: [{ name: 'Ярки (овцы)', quantity: 8 }], supplier: 'Фермерское хозяйство «Ак-Жол», Нарынская обл.' },
    justification: 'Начало животноводства в родном селе',
  },
  { type: 'business_grant', amountMinor: som(180_000), state: 'disbursed', justification: 'Теплица под овощи, земля в аренде у айыл окмоту' },
  { type: 'business_grant', amountMinor: som(75_000), state: 'verified', justification: 'Мини-кафе у автовокзала' },
  {
    type: 'training_voucher',
    amountMinor: som(20_000),
    state: 'proposed',
    details: { course: 'Бухгалтерия 1С', provider: 'Учебный центр «Билим», Бишкек' },
    justification: 'Хочет работать бухгалтером в сельхозкооперативе',
  },
];

const USD_ITEMS: DemoItem[] = [
  { type: 'business_grant', amountMinor: usd(1_500), state: 'verified', justification: 'Shoe repair kiosk, business plan reviewed' },
  { type: 'business_grant', amountMinor: usd(2_000), state: 'disbursed', justification: 'Greenhouse for early vegetables' },
  {
    type: 'training_voucher',
    amountMinor: usd(450),
    state: 'disbursed',
    details: { course: 'Plumbing, 2 months', provider: 'Vocational lyceum No. 5, Bishkek' },
    justification: 'Construction helper in Russia for 4 years',
  },
  {
    type: 'training_voucher',
    amountMinor: usd(450),
    state: 'verified',
    details: { course: 'Tailoring, 3 months', provider: 'Vocational lyceum No. 10, Osh' },
    justification: 'Worked in a garment workshop abroad',
  },
  {
    type: 'in_kind',
    amountMinor: usd(1_200),
    state: 'approved',
    details: { items: [{ name: 'Milking machine', quantity: 1 }], supplier: 'Agro-Service LLC, Osh' },
    justification: 'Family dairy, three cows',
  },
  { type: 'business_grant', amountMinor: usd(1_800), state: 'proposed', justification: 'Car wash near the Osh bazaar' },
  { type: 'business_grant', amountMinor: usd(2_500), state: 'rejected', justification: 'Taxi car purchase' },
  {
    type: 'training_voucher',
    amountMinor: usd(450),
    state: 'cancelled',
    details: { course: 'Electrician, 3 months', provider: 'Vocational lyceum No. 5, Bishkek' },
    justification: 'Left again for work abroad before the course',
  },
];

// "1+1" businesses: own contribution, the committee's two approvals, the first tranche, survival checks at 6 and
// 12 months (null: not checked yet; one application still waits for the committee).
type DemoBusiness = {
  sector: string;
  description: string;
  ownMinor: number;
  totalCostMinor: number;
  jobsForOthers: number;
  checks: Array<['6m' | '12m', 'operating' | 'paused' | 'closed', string]> | null;
};
const BUSINESSES: DemoBusiness[] = [
  {
    sector: 'trade',
    description: 'Продуктовый магазин у автостанции; своё — перевод из Москвы',
    ownMinor: som(80_000),
    totalCostMinor: som(200_000),
    jobsForOthers: 1,
    checks: [
      ['6m', 'operating', '10k_30k'],
      ['12m', 'operating', '30k_60k'],
    ],
  },
  {
    sector: 'agriculture',
    description: 'Теплица под огурцы и томаты, 300 м²',
    ownMinor: som(120_000),
    totalCostMinor: som(300_000),
    jobsForOthers: 2,
    checks: [
      ['6m', 'operating', '10k_30k'],
      ['12m', 'paused', 'up_to_10k'],
    ],
  },
  {
    sector: 'services',
    description: 'Парикмахерская на два кресла',
    ownMinor: som(50_000),
    totalCostMinor: som(120_000),
    jobsForOthers: 1,
    checks: [['6m', 'operating', '10k_30k']],
  },
  {
    sector: 'manufacturing',
    description: 'Швейный цех: спецодежда для строителей',
    ownMinor: som(200_000),
    totalCostMinor: som(450_000),
    jobsForOthers: 3,
    checks: [['6m', 'closed', 'none']],
  },
  { sector: 'transport', description: 'Грузовое такси (Газель)', ownMinor: som(100_000), totalCostMinor: som(400_000), jobsForOthers: 0, checks: null },
];

// Returns the number of 1+1 applications made.
export async function seedMatching(deps: DemoAssistanceDeps, admin: Actor, programmeId: string, people: DemoMatchingPerson[]): Promise<number> {
  const { matching, assistance, valid } = deps;
  let n = 0;
  for (const [i, b] of BUSINESSES.entries()) {
    const who = people[i];
    if (!who) break;
    const app = await matching.propose(
      who.caseworker,
      await valid(ProposeMatchingDto, {
        returneeId: who.returneeId,
        programmeId,
        caseId: who.caseId,
        currency: 'KGS',
        businessPlan: {
          sector: b.sector,
          oblast: who.oblast,
          district: who.district,
          description: b.description,
          totalCostMinor: b.totalCostMinor,
          expectedMonthlyIncomeMinor: som(25_000),
          jobsForOthers: b.jobsForOthers,
        },
        ownContributionMinor: b.ownMinor,
      }),
    );
    n++;
    if (!b.checks) continue;
    await matching.approve(who.supervisor, app.id, {});
    const decided = await matching.approve(admin, app.id, {});
    await assistance.disburse(
      who.caseworker,
      decided.assistanceItemId!,
      await valid(DisburseAssistanceDto, {
        disbursedOn: day(0),
        method: 'bank_transfer',
        reference: `1+1-${String(100 + i)}`,
        amountMinor: decided.plannedTranches[0].amountMinor,
      }),
    );
    for (const [milestone, businessStatus, monthlyIncomeBand] of b.checks) {
      await matching.recordSurvivalCheck(
        who.caseworker,
        app.id,
        await valid(RecordSurvivalCheckDto, {
          milestone,
          checkedOn: day(0),
          businessStatus,
          monthlyIncomeBand,
          peopleEmployed: businessStatus === 'closed' ? 0 : b.jobsForOthers + 1,
          note: businessStatus === 'operating' ? 'Бизнес работает, видели на месте' : 'Владелец объяснил причину на визите',
        }),
      );
    }
  }
  return n;
}

// Returns the number of items made. `people`: distinct returnees, at least as many as there are items.
export async function seedAssistance(
  deps: DemoAssistanceDeps,
  admin: Actor,
  people: DemoAssistancePerson[],
  business: DemoMatchingPerson[],
): Promise<{ items: number; applications: number }> {
  const { programmes, valid } = deps;
  const dates = { startsOn: day(-180), endsOn: day(545), oblasts: [] };
  const kgs = await programmes.create(admin, await valid(CreateProgrammeDto, { ...DEMO_KGS_PROGRAMME, ...dates }));
  const usdProgramme = await programmes.create(admin, await valid(CreateProgrammeDto, { ...DEMO_USD_PROGRAMME, ...dates }));
  await deps.users.createUser(
    SYSTEM_ACTOR,
    await valid(CreateUserDto, { ...DEMO_DONOR, role: 'donor', programmeIds: [usdProgramme.id], password: DEMO_PASSWORD }),
  );
  let n = 0;
  const all: Array<[string, string, DemoItem]> = [
    ...KGS_ITEMS.map((i) => [kgs.id, kgs.currency, i] as [string, string, DemoItem]),
    ...USD_ITEMS.map((i) => [usdProgramme.id, usdProgramme.currency, i] as [string, string, DemoItem]),
  ];
  for (const [programmeId, currency, item] of all) {
    await takeTo(deps, admin, people[n], programmeId, currency, item, n);
    n++;
  }
  return { items: n, applications: await seedMatching(deps, admin, kgs.id, business) };
}

// One item from proposal to its demo state, each step as its role would take it.
async function takeTo(deps: DemoAssistanceDeps, admin: Actor, who: DemoAssistancePerson, programmeId: string, currency: string, item: DemoItem, i: number) {
  const { assistance, valid } = deps;
  const { caseworker, supervisor } = who;
  const proposed = await assistance.propose(
    caseworker,
    await valid(ProposeAssistanceDto, {
      returneeId: who.returneeId,
      programmeId,
      type: item.type,
      amountMinor: item.amountMinor,
      currency,
      justification: item.justification,
      ...(item.details ? { details: item.details } : {}),
    }),
  );
  const id = proposed.id;
  if (item.state === 'proposed') return;
  if (item.state === 'rejected') {
    await assistance.reject(supervisor, id, { reason: 'Нет подтверждения расходов; предложить после консультации' });
    return;
  }
  if (item.state === 'cancelled') {
    await assistance.approve(supervisor, id, {});
    await assistance.cancel(caseworker, id, { reason: 'Снова уехал на заработки до выплаты' });
    return;
  }
  const first = await assistance.approve(supervisor, id, {});
  if (first.needsSecondApproval) await assistance.approve(admin, id, {});
  if (item.state === 'approved') return;
  await assistance.disburse(
    caseworker,
    id,
    await valid(DisburseAssistanceDto, {
      disbursedOn: day(-(i % 20)),
      method: item.type === 'in_kind' ? 'in_kind_delivery' : i % 2 ? 'mobile_wallet' : 'bank_transfer',
      reference: `PP-${String(1000 + i)}`,
    }),
  );
  if (item.state === 'disbursed') return;
  await assistance.verify(
    caseworker,
    id,
    await valid(VerifyAssistanceDto, { usedAsIntended: i % 3 === 1 ? 'partly' : 'yes', note: 'Проверено на мониторинговом визите, оборудование на месте' }),
  );
}
