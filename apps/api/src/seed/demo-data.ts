import { KG, Oblast, seededRandom } from '@kaytuu/shared';

// Deterministic demo dataset (same data on every fresh start): offices, partner organisations, staff, ~300 returnees
// with realistic Kyrgyz names and migration histories, and cases of every type in every status.

export const DEMO_PASSWORD = 'kaytuu-demo-2026';

export type DemoOffice = { key: string; name: string; oblast: Oblast; district: string };
export const DEMO_OFFICES: DemoOffice[] = [
  { key: 'bishkek', name: 'Бишкек — Ленинский районный отдел', oblast: 'bishkek', district: 'Ленинский' },
  { key: 'osh', name: 'Ош — городской отдел', oblast: 'osh_city', district: 'Ош' },
  { key: 'naryn', name: 'Нарын — районный отдел', oblast: 'naryn', district: 'Нарынский' },
];

export type DemoOrganization = {
  key: string;
  name: string;
  kind: 'ngo' | 'state' | 'international';
  services: string[];
  oblasts: Oblast[];
  contactEmail: string;
  sectors?: string[];
  capacity?: number;
};
export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  {
    key: 'tb',
    name: 'Ден-соолук — помощь больным туберкулёзом',
    kind: 'ngo',
    services: ['health_referral'],
    oblasts: ['bishkek', 'chuy', 'osh_city', 'osh', 'naryn'],
    contactEmail: 'referrals@densooluk.example.kg',
  },
  {
    key: 'legal',
    name: 'Адилет — юридическая помощь мигрантам',
    kind: 'ngo',
    services: ['legal_aid'],
    oblasts: ['bishkek', 'chuy', 'osh_city', 'osh', 'jalal_abad', 'batken', 'naryn'],
    contactEmail: 'help@adilet.example.kg',
  },
  {
    key: 'jobs',
    name: 'Центр занятости населения',
    kind: 'state',
    services: ['job_placement'],
    oblasts: ['bishkek', 'osh_city', 'osh', 'naryn', 'issyk_kul', 'talas'],
    contactEmail: 'jobs@employment.example.kg',
    sectors: ['construction', 'trade', 'services', 'manufacturing', 'agriculture'],
    capacity: 120,
  },
  {
    key: 'jobs_ngo',
    name: 'Ишкер аял — трудоустройство женщин',
    kind: 'ngo',
    services: ['job_placement'],
    oblasts: ['osh_city', 'osh', 'jalal_abad', 'batken'],
    contactEmail: 'info@ishker-ayal.example.kg',
    sectors: ['domestic_work', 'services', 'trade'],
    capacity: 25,
  },
  {
    key: 'pension',
    name: 'Социальный фонд Кыргызской Республики',
    kind: 'state',
    services: ['pension_claim'],
    oblasts: ['bishkek', 'chuy', 'osh_city', 'osh', 'jalal_abad', 'batken', 'naryn', 'issyk_kul', 'talas'],
    contactEmail: 'eaeu@socfund.example.kg',
  },
];

export type DemoUser = {
  email: string;
  fullName: string;
  role: 'admin' | 'supervisor' | 'caseworker' | 'ngo_staff';
  office?: string;
  organization?: string;
  locale: 'ky' | 'ru' | 'en';
};
export const DEMO_USERS: DemoUser[] = [
  { email: 'admin@kaytuu.kg', fullName: 'Администратор системы', role: 'admin', locale: 'ru' },
  { email: 'supervisor.bishkek@kaytuu.kg', fullName: 'Гулнара Садыкова', role: 'supervisor', office: 'bishkek', locale: 'ru' },
  { email: 'supervisor.osh@kaytuu.kg', fullName: 'Талант Осмонов', role: 'supervisor', office: 'osh', locale: 'ky' },
  { email: 'caseworker.bishkek@kaytuu.kg', fullName: 'Айгүл Жумабекова', role: 'caseworker', office: 'bishkek', locale: 'ky' },
  { email: 'caseworker2.bishkek@kaytuu.kg', fullName: 'Мирлан Исаков', role: 'caseworker', office: 'bishkek', locale: 'ru' },
  { email: 'caseworker.osh@kaytuu.kg', fullName: 'Динара Мамытова', role: 'caseworker', office: 'osh', locale: 'ru' },
  { email: 'caseworker.naryn@kaytuu.kg', fullName: 'Эрмек Шаршен уулу', role: 'caseworker', office: 'naryn', locale: 'ky' },
  { email: 'staff@densooluk.example.kg', fullName: 'Асель Турдубаева', role: 'ngo_staff', organization: 'tb', locale: 'ru' },
  { email: 'staff@adilet.example.kg', fullName: 'Бакыт Алымкулов', role: 'ngo_staff', organization: 'legal', locale: 'ru' },
  { email: 'staff@employment.example.kg', fullName: 'Чолпон Бекмуратова', role: 'ngo_staff', organization: 'jobs', locale: 'ky' },
  { email: 'staff@socfund.example.kg', fullName: 'Нурбек Эсенгулов', role: 'ngo_staff', organization: 'pension', locale: 'en' },
];

// the demo is the same on every machine
export const rng = seededRandom;

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
function weighted<T extends string>(r: Rand, w: Record<T, number>): T {
  const total = Object.values<number>(w).reduce((a, b) => a + b, 0);
  let x = r() * total;
  for (const [k, v] of Object.entries<number>(w)) {
    x -= v;
    if (x <= 0) return k as T;
  }
  return Object.keys(w)[0] as T;
}
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const iso = (d: Date) => d.toISOString().slice(0, 10);

function maleSurname(stem: string): string {
  return /[аоуыэеёиюя]$/i.test(stem) ? `${stem}ев` : `${stem}ов`;
}

export type DemoEpisode = {
  country: string;
  city?: string;
  departedOn: string;
  returnedOn?: string;
  sector: string;
  employmentFormal: boolean;
  returnReason: string;
  entryBan?: { active: boolean; until?: string; authority?: string };
};
export type DemoReturnee = {
  office: string;
  lastName: string;
  firstName: string;
  patronymic?: string;
  sex: 'female' | 'male';
  birthDate: string;
  pin?: string;
  phone?: string;
  oblast: Oblast;
  district: string;
  address?: string;
  householdSize: number;
  dependents: number;
  languages: string[];
  education?: string;
  skills: string[];
  disability: string;
  vulnerabilities: string[];
  episodes: DemoEpisode[];
  consent?: { scope: string[]; givenAt: string };
};

const CITIES: Record<string, string[]> = {
  RU: ['Москва', 'Санкт-Петербург', 'Екатеринбург', 'Новосибирск', 'Казань', 'Якутск', 'Сургут'],
  KZ: ['Алматы', 'Астана', 'Шымкент'],
  TR: ['Стамбул', 'Анкара'],
  KR: ['Сеул', 'Ансан'],
  AE: ['Дубай'],
  US: ['Чикаго'],
  DE: ['Мюнхен'],
  other: ['Варшава'],
};
const SECTORS = { construction: 30, trade: 20, services: 18, domestic_work: 8, transport: 10, agriculture: 5, manufacturing: 7, other: 2 };
const REASONS = { end_of_contract: 30, family: 18, economic: 15, entry_ban: 14, health: 10, deported: 8, other: 5 };
const SKILLS = [
  'сварка',
  'кладка кирпича',
  'вождение кат. C',
  'швейное дело',
  'кулинария',
  'уход за пожилыми',
  'продажи',
  'ремонт авто',
  'электрика',
  'сантехника',
];
const VULNERABILITIES = ['single_parent', 'gbv_survivor', 'chronic_illness', 'tb', 'no_documents', 'debt', 'elderly_dependents', 'child_left_behind'];
const OFFICE_AREAS: Record<string, Array<{ oblast: Oblast; weight: number }>> = {
  bishkek: [
    { oblast: 'bishkek', weight: 6 },
    { oblast: 'chuy', weight: 3 },
    { oblast: 'talas', weight: 1 },
  ],
  osh: [
    { oblast: 'osh_city', weight: 4 },
    { oblast: 'osh', weight: 4 },
    { oblast: 'jalal_abad', weight: 2 },
    { oblast: 'batken', weight: 2 },
  ],
  naryn: [
    { oblast: 'naryn', weight: 5 },
    { oblast: 'issyk_kul', weight: 2 },
  ],
};

export function demoReturnees(count = 300, today = new Date()): DemoReturnee[] {
  const r = rng(20261125);
  const names = KG.names;
  const out: DemoReturnee[] = [];
  const usedPins = new Set<string>();
  for (let i = 0; i < count; i++) {
    const office = i % 10 < 5 ? 'bishkek' : i % 10 < 8 ? 'osh' : 'naryn';
    const sex: 'female' | 'male' = r() < 0.4 ? 'female' : 'male';
    const first = pick(r, sex === 'female' ? names.femaleGiven : names.maleGiven);
    const stem = pick(r, names.surnameStems);
    const fatherName = pick(r, names.maleGiven);
    const kyrgyzStyle = r() < 0.3;
    const lastName = kyrgyzStyle ? `${stem} ${sex === 'female' ? 'кызы' : 'уулу'}` : sex === 'female' ? `${maleSurname(stem)}а` : maleSurname(stem);
    const patronymic = kyrgyzStyle ? undefined : `${fatherName}${sex === 'female' ? ' кызы' : ' уулу'}`;
    // ages skew young: median ≈ 27–28
    const age = Math.max(17, Math.min(62, Math.round(19 + Math.pow(r(), 2.2) * 42)));
    const birth = new Date(Date.UTC(today.getUTCFullYear() - age, Math.floor(r() * 12), 1 + Math.floor(r() * 28)));
    let pin: string | undefined;
    if (r() < 0.8) {
      do {
        pin = `${sex === 'female' ? 1 : 2}${pad(birth.getUTCDate())}${pad(birth.getUTCMonth() + 1)}${birth.getUTCFullYear()}${pad(Math.floor(r() * 100000), 5)}`;
      } while (usedPins.has(pin));
      usedPins.add(pin);
    }
    const prefix = pick(r, ['500', '502', '505', '550', '555', '559', '700', '701', '705', '770', '777', '779', '220', '222']);
    const phone = r() < 0.85 ? `+996${prefix}${pad(Math.floor(r() * 1000000), 6)}` : undefined;
    const area = OFFICE_AREAS[office];
    const oblast = weighted(r, Object.fromEntries(area.map((a) => [a.oblast, a.weight])) as Record<Oblast, number>);
    const district = pick(r, KG.oblasts[oblast].districts);
    const nEpisodes = r() < 0.7 ? 1 : r() < 0.8 ? 2 : 3;
    const episodes: DemoEpisode[] = [];
    let departed = new Date(Date.UTC(today.getUTCFullYear() - Math.min(age - 17, 2 + Math.floor(r() * 10)), Math.floor(r() * 12), 1 + Math.floor(r() * 27)));
    for (let e = 0; e < nEpisodes; e++) {
      const country = weighted(r, KG.destinationsWeighted as Record<string, number>);
      const code = country === 'other' ? 'PL' : country;
      const monthsAway = 4 + Math.floor(r() * 40);
      let returned = new Date(departed.getTime() + monthsAway * 30.4 * 86400000);
      const last = e === nEpisodes - 1;
      if (returned >= today) returned = new Date(today.getTime() - (5 + Math.floor(r() * 300)) * 86400000);
      if (returned <= departed) departed = new Date(returned.getTime() - 120 * 86400000);
      const reason = last ? weighted(r, REASONS) : weighted(r, { end_of_contract: 5, family: 3, economic: 2 });
      const banned = reason === 'entry_ban' || (reason === 'deported' && r() < 0.6);
      const banUntil = new Date(returned.getTime() + (1 + Math.floor(r() * 5)) * 365 * 86400000);
      episodes.push({
        country: code,
        city: pick(r, CITIES[country] ?? CITIES.other),
        departedOn: iso(departed),
        returnedOn: iso(returned),
        sector: weighted(r, SECTORS),
        employmentFormal: r() < 0.3,
        returnReason: reason,
        ...(banned ? { entryBan: { active: banUntil > today, until: iso(banUntil), authority: code === 'RU' ? 'МВД России' : 'Миграционная служба' } } : {}),
      });
      departed = new Date(returned.getTime() + (60 + Math.floor(r() * 300)) * 86400000);
      if (departed >= today) break;
    }
    const vulnerabilities = VULNERABILITIES.filter(() => r() < 0.12);
    const givenAt = episodes[episodes.length - 1].returnedOn ?? iso(today);
    out.push({
      office,
      lastName,
      firstName: first,
      patronymic,
      sex,
      birthDate: iso(birth),
      pin,
      phone,
      oblast,
      district,
      address:
        r() < 0.6 ? `ул. ${pick(r, ['Ленина', 'Манаса', 'Токтогула', 'Курманжан Датки', 'Чуй', 'Жибек Жолу'])}, ${1 + Math.floor(r() * 150)}` : undefined,
      householdSize: 1 + Math.floor(r() * 8),
      dependents: Math.floor(r() * 5),
      languages: r() < 0.9 ? ['ky', 'ru'] : ['ky'],
      education: pick(r, ['secondary', 'vocational', 'higher', 'primary']),
      skills: SKILLS.filter(() => r() < 0.15),
      disability: r() < 0.05 ? pick(r, ['physical', 'sensory', 'other']) : 'none',
      vulnerabilities,
      episodes,
      consent:
        r() < 0.85
          ? {
              scope:
                r() < 0.5
                  ? ['data_processing', 'share_with_ngo', 'contact_by_phone']
                  : ['data_processing', 'share_with_ngo', 'share_health', 'contact_by_phone'],
              givenAt: `${givenAt}T09:00:00.000Z`,
            }
          : undefined,
    });
  }
  return out;
}

export type DemoCase = {
  returneeIndex: number;
  type: string;
  priority: string;
  title: string;
  summary: string;
  details: Record<string, unknown>;
  targetStatus: string;
  dueInDays: number | null;
};

const STATUSES = ['open', 'in_progress', 'on_hold', 'pending_closure', 'closed'] as const;

// Cases follow each returnee's story: an entry ban → legal aid, health → health referral, years in Russia → pension, most → a job.
export function demoCases(returnees: DemoReturnee[]): DemoCase[] {
  const r = rng(777);
  const cases: DemoCase[] = [];
  returnees.forEach((ret, i) => {
    const lastEp = ret.episodes[ret.episodes.length - 1];
    const types: string[] = [];
    if (lastEp.returnReason === 'entry_ban' || lastEp.returnReason === 'deported' || r() < 0.1) types.push('legal_aid');
    if (lastEp.returnReason === 'health' || ret.vulnerabilities.includes('tb') || r() < 0.12) types.push('health_referral');
    if (r() < 0.55) types.push('job_placement');
    if (ret.episodes.some((e) => ['RU', 'KZ'].includes(e.country)) && r() < 0.3) types.push('pension_claim');
    if (types.length === 0 && r() < 0.5) types.push('job_placement');
    for (const type of types) {
      // every status appears for every type, weighted toward active work
      const targetStatus =
        cases.length < 20 ? STATUSES[cases.length % 5] : weighted(r, { open: 25, in_progress: 35, on_hold: 8, pending_closure: 10, closed: 22 });
      cases.push({
        returneeIndex: i,
        type,
        targetStatus,
        ...caseContent(r, type, ret),
        priority: weighted(r, { low: 15, normal: 55, high: 22, urgent: 8 }),
        dueInDays: r() < 0.8 ? Math.floor(r() * 60) - 15 : null,
      });
    }
  });
  return cases;
}

function caseContent(r: Rand, type: string, ret: DemoReturnee): { title: string; summary: string; details: Record<string, unknown> } {
  const lastEp = ret.episodes[ret.episodes.length - 1];
  switch (type) {
    case 'health_referral': {
      const condition = ret.vulnerabilities.includes('tb') || r() < 0.4 ? 'tb' : pick(r, ['chronic', 'mental_health', 'injury', 'hiv', 'maternal', 'other']);
      return {
        title: condition === 'tb' ? 'Направление на лечение ТБ' : 'Направление к врачу',
        summary: 'Требуется обследование после возвращения.',
        details: {
          condition,
          urgency: pick(r, ['routine', 'soon', 'urgent']),
          facility: pick(r, ['Национальный центр фтизиатрии', 'ЦСМ по месту жительства', 'Ошская областная больница']),
          ...(condition === 'tb' ? { tbTreatmentStage: pick(r, ['intensive', 'continuation']) } : {}),
        },
      };
    }
    case 'legal_aid': {
      const issue = lastEp.entryBan ? 'entry_ban' : pick(r, ['unpaid_wages', 'documents', 'labour_dispute', 'detention', 'family']);
      return {
        title: issue === 'entry_ban' ? 'Проверка и обжалование запрета на въезд' : 'Юридическая консультация',
        summary: issue === 'unpaid_wages' ? 'Работодатель не выплатил зарплату за несколько месяцев.' : 'Нужна помощь юриста.',
        details: { issue, country: lastEp.country, ...(r() < 0.5 ? { counterpart: pick(r, ['ООО «СтройИнвест»', 'ИП Петров', 'ГУ МВД']) } : {}) },
      };
    }
    case 'job_placement':
      return {
        title: 'Поиск работы',
        summary: 'Ищет работу рядом с домом.',
        details: { targetSectors: [lastEp.sector === 'other' ? 'services' : lastEp.sector], desiredOblast: ret.oblast, training: r() < 0.4 },
      };
    default: {
      const country = ret.episodes.find((e) => ['RU', 'KZ'].includes(e.country))?.country ?? 'RU';
      // episodes are chronological and disjoint, so their periods never overlap
      const periods = ret.episodes
        .filter((e) => e.country === country && e.returnedOn && e.departedOn < e.returnedOn)
        .map((e) => ({
          from: e.departedOn,
          to: e.returnedOn as string,
          employer: pick(r, ['ООО «Магнит»', 'ЗАО «Метрострой»', 'ТОО «Алматы Курылыс»']),
          documented: r() < 0.6,
        }));
      return {
        title: 'Учёт трудового стажа за рубежом',
        summary: 'Сбор документов о стаже для пенсии по соглашению ЕАЭС.',
        details: { country, periods, claimStatus: pick(r, ['collecting_documents', 'submitted']) },
      };
    }
  }
}
