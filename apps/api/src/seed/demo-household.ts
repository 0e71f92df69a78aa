import { DemoReturnee, rng } from './demo-data';

export type DemoMember = {
  relation: 'spouse' | 'child' | 'parent';
  lastName: string;
  firstName: string;
  sex: 'female' | 'male';
  birthDate: string;
  livesWhere: 'with_returnee' | 'with_caregiver' | 'abroad';
  caregiverName?: string;
  inSchool?: 'yes' | 'no' | 'unknown';
  concerns?: string[];
};
export type DemoHousehold = { returneeIndex: number; members: DemoMember[] };

const GIRLS = ['Айпери', 'Нурай', 'Асель', 'Бегимай', 'Элина', 'Аружан', 'Мээрим'];
const BOYS = ['Нурсултан', 'Бекжан', 'Адилет', 'Эрмек', 'Тимур', 'Алихан', 'Санжар'];
const CAREGIVERS = ['Бабушка (мать отца)', 'Бабушка (мать матери)', 'Тётя, сестра матери', 'Дедушка', 'Старшая сестра, 19 лет'];
const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

// The surname as a relative of the other sex writes it (Асанов → Асанова, Бакыт уулу → Бакыт кызы).
function surnameFor(lastName: string, sex: 'female' | 'male'): string {
  if (sex === 'female') return lastName.replace(/ уулу$/, ' кызы').replace(/(ов|ев)$/, '$1а');
  return lastName.replace(/ кызы$/, ' уулу').replace(/(ов|ев)а$/, '$1');
}

// A household for every fourth demo returnee: a spouse, children born once the returnee was 20 or older, sometimes a
// parent. Every third of these households has children left behind with a caregiver while the returnee was away, and
// a few of those children have nobody named (the no_caregiver flag and its notification to the office supervisors).
export function demoHouseholds(people: DemoReturnee[], today = new Date()): DemoHousehold[] {
  const r = rng(16);
  const now = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const out: DemoHousehold[] = [];
  for (const [i, p] of people.entries()) {
    if (i % 4 !== 1) continue;
    const born = Date.parse(p.birthDate);
    const members: DemoMember[] = [];
    if (now - born > 23 * 365 * DAY) {
      const spouseSex = p.sex === 'male' ? 'female' : 'male';
      const names = spouseSex === 'female' ? GIRLS : BOYS;
      members.push({
        relation: 'spouse',
        lastName: surnameFor(p.lastName, spouseSex),
        firstName: names[Math.floor(r() * names.length)],
        sex: spouseSex,
        birthDate: iso(born + Math.floor((r() * 6 - 2) * 365) * DAY),
        livesWhere: r() < 0.2 ? 'abroad' : 'with_returnee',
      });
    }
    const leftBehind = out.length % 3 === 0;
    const firstChild = born + 20 * 365 * DAY;
    const kids = firstChild < now - 365 * DAY ? 1 + Math.floor(r() * 3) : 0;
    for (let k = 0; k < kids; k++) {
      const sex = r() < 0.5 ? 'female' : 'male';
      const names = sex === 'female' ? GIRLS : BOYS;
      const birth = firstChild + Math.floor(r() * (now - 365 * DAY - firstChild));
      const age = (now - birth) / (365.25 * DAY);
      const minor = age < 18;
      const alone = leftBehind && minor && out.length % 12 === 0 && k === 0;
      members.push({
        relation: 'child',
        lastName: surnameFor(p.lastName, sex),
        firstName: names[Math.floor(r() * names.length)],
        sex,
        birthDate: iso(birth),
        livesWhere: leftBehind && minor ? 'with_caregiver' : 'with_returnee',
        ...(minor && leftBehind && !alone ? { caregiverName: CAREGIVERS[Math.floor(r() * CAREGIVERS.length)] } : {}),
        ...(minor && age >= 7 ? { inSchool: alone ? 'no' : r() < 0.9 ? 'yes' : 'unknown' } : {}),
        ...(alone ? { concerns: ['no_caregiver', 'not_in_school'] } : minor && leftBehind && r() < 0.3 ? { concerns: ['health'] } : {}),
      });
    }
    if (r() < 0.3) {
      members.push({
        relation: 'parent',
        lastName: surnameFor(p.lastName, 'female'),
        firstName: GIRLS[Math.floor(r() * GIRLS.length)],
        sex: 'female',
        birthDate: iso(born - Math.floor((22 + r() * 10) * 365) * DAY),
        livesWhere: 'with_returnee',
      });
    }
    if (members.length > 0) out.push({ returneeIndex: i, members });
  }
  return out;
}
