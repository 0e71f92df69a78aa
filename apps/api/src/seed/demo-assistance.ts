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
  ReleaseAssistanceDto,
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
// a 1+1 business needs the returnee's open case (its 3-, 6- and 12-month follow-ups go there) and where the business is
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

// One demo item; in kind names what is bought and from whom, a voucher its course and who gives it.
const demoItem = (type: AssistanceType, amountMinor: number, state: AssistanceStatus, justification: string, details?: Record<string, unknown>): DemoItem => ({
  type,
  amountMinor,
  state,
  justification,
  ...(details ? { details } : {}),
});
const inKind = (amountMinor: number, state: AssistanceStatus, [name, quantity]: [string, number], supplier: string, justification: string) =>
  demoItem('in_kind', amountMinor, state, justification, { items: [{ name, quantity }], supplier });
const voucher = (amountMinor: number, state: AssistanceStatus, course: string, provider: string, justification: string) =>
  demoItem('training_voucher', amountMinor, state, justification, { course, provider });

const KGS_ITEMS: DemoItem[] = [
  demoItem('business_grant', som(120_000), 'verified', 'Пекарня-тандыр в Ленинском районе, бизнес-план одобрен'),
  demoItem('business_grant', som(90_000), 'verified', 'Ремонт обуви и ключей на рынке Ош'),
  inKind(som(65_000), 'disbursed', ['Швейная машина промышленная', 2], 'ОсОО «Тигүү Техника», Бишкек', 'Швейный цех на дому, опыт работы в Москве 6 лет'),
  voucher(som(25_000), 'disbursed', 'Электросварщик, 3 месяца', 'Профессиональный лицей № 10, Ош', 'Работал подсобником на стройке, хочет получить разряд'),
  demoItem('business_grant', som(100_000), 'approved', 'Авторемонтная мастерская, аренда бокса'),
  demoItem('medical_costs', som(18_000), 'proposed', 'Обследование после травмы на стройке'),
  demoItem('transport', som(4_500), 'rejected', 'Проезд к месту обучения'),
  inKind(som(40_000), 'cancelled', ['Ярки (овцы)', 8], 'Фермерское хозяйство «Ак-Жол», Нарынская обл.', 'Начало животноводства в родном селе'),
  demoItem('business_grant', som(180_000), 'disbursed', 'Теплица под овощи, земля в аренде у айыл окмоту'),
  demoItem('business_grant', som(75_000), 'verified', 'Мини-кафе у автовокзала'),
  voucher(som(20_000), 'proposed', 'Бухгалтерия 1С', 'Учебный центр «Билим», Бишкек', 'Хочет работать бухгалтером в сельхозкооперативе'),
];

const USD_ITEMS: DemoItem[] = [
  demoItem('business_grant', usd(1_500), 'verified', 'Shoe repair kiosk, business plan reviewed'),
  demoItem('business_grant', usd(2_000), 'disbursed', 'Greenhouse for early vegetables'),
  voucher(usd(450), 'disbursed', 'Plumbing, 2 months', 'Vocational lyceum No. 5, Bishkek', 'Construction helper in Russia for 4 years'),
  voucher(usd(450), 'verified', 'Tailoring, 3 months', 'Vocational lyceum No. 10, Osh', 'Worked in a garment workshop abroad'),
  inKind(usd(1_200), 'approved', ['Milking machine', 1], 'Agro-Service LLC, Osh', 'Family dairy, three cows'),
  demoItem('business_grant', usd(1_800), 'proposed', 'Car wash near the Osh bazaar'),
  demoItem('business_grant', usd(2_500), 'rejected', 'Taxi car purchase'),
  voucher(usd(450), 'cancelled', 'Electrician, 3 months', 'Vocational lyceum No. 5, Bishkek', 'Left again for work abroad before the course'),
];

// "1+1" businesses: own contribution, the committee's two approvals, the first tranche, survival checks at 3, 6 and
// 12 months, and after the 3-month check either the second tranche (operating) or the rest released (closed). Stages:
// proposed (waits for the committee), first_tranche (what follows waits for its checks), second_tranche, released.
type DemoBusiness = {
  sector: string;
  description: string;
  ownMinor: number;
  totalCostMinor: number;
  jobsForOthers: number;
  stage: 'proposed' | 'first_tranche' | 'second_tranche' | 'released';
  checks: Array<['3m' | '6m' | '12m', 'operating' | 'paused' | 'closed', string]>;
};
const business = (
  sector: string,
  description: string,
  [ownMinor, totalCostMinor, jobsForOthers]: [number, number, number],
  stage: DemoBusiness['stage'],
  checks: DemoBusiness['checks'] = [],
): DemoBusiness => ({ sector, description, ownMinor, totalCostMinor, jobsForOthers, stage, checks });
const BUSINESSES: DemoBusiness[] = [
  business('trade', 'Продуктовый магазин у автостанции; своё — перевод из Москвы', [som(80_000), som(200_000), 1], 'second_tranche', [
    ['3m', 'operating', '10k_30k'],
    ['6m', 'operating', '10k_30k'],
    ['12m', 'operating', '30k_60k'],
  ]),
  business('agriculture', 'Теплица под огурцы и томаты, 300 м²', [som(120_000), som(300_000), 2], 'first_tranche', [
    ['3m', 'operating', 'up_to_10k'],
    ['6m', 'operating', '10k_30k'],
    ['12m', 'paused', 'up_to_10k'],
  ]),
  // the next tranche waits for the 3-month check
  business('services', 'Парикмахерская на два кресла', [som(50_000), som(120_000), 1], 'first_tranche'),
  business('manufacturing', 'Швейный цех: спецодежда для строителей', [som(200_000), som(450_000), 3], 'released', [
    ['3m', 'closed', 'none'],
    ['6m', 'closed', 'none'],
  ]),
  business('transport', 'Грузовое такси (Газель)', [som(100_000), som(400_000), 0], 'proposed'),
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
    if (b.stage === 'proposed') continue;
    await matching.approve(who.supervisor, app.id, {});
    const decided = await matching.approve(admin, app.id, {});
    const itemId = decided.assistanceItemId!;
    const tranche = async (reference: number, more: Record<string, unknown>) =>
      assistance.disburse(
        who.caseworker,
        itemId,
        await valid(DisburseAssistanceDto, { disbursedOn: day(0), method: 'bank_transfer', reference: `1+1-${reference}`, ...more }),
      );
    await tranche(100 + i, { amountMinor: decided.plannedTranches[0].amountMinor });
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
    if (b.stage === 'second_tranche') {
      await tranche(200 + i, { final: true });
    } else if (b.stage === 'released') {
      await assistance.release(
        who.supervisor,
        itemId,
        await valid(ReleaseAssistanceDto, { reason: 'Цех закрылся к 3-месячной проверке; остаток гранта не выплачивается' }),
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
