import { rng } from './demo-data';

// Individual reintegration plans for every fifth demo returnee, in every state of the workflow: a draft, one awaiting
// approval, one returned with a comment, approved, under review after a monitoring contact, completed, closed, and
// an approved plan being revised (version 2 a draft while version 1 stays in force).
export const DEMO_PLAN_STATES = ['draft', 'submitted', 'returned', 'approved', 'under_review', 'completed', 'closed', 'revised'] as const;
export type DemoPlanState = (typeof DEMO_PLAN_STATES)[number];

export type DemoGoal = { dimension: 'economic' | 'social' | 'psychosocial'; text: string; targetInDays: number; task: string; taskByOrganization: boolean };
export type DemoPlan = { returneeIndex: number; state: DemoPlanState; goals: DemoGoal[] };

const GOALS: Array<Omit<DemoGoal, 'targetInDays' | 'taskByOrganization'>> = [
  { dimension: 'economic', text: 'Найти постоянную работу по специальности', task: 'Подготовить резюме и записаться на ярмарку вакансий' },
  { dimension: 'economic', text: 'Жаңы кесипке үйрөнүү (ширетүүчү)', task: 'Ширетүү курсуна катталуу' },
  { dimension: 'social', text: 'Восстановить паспорт и получить справку о стаже', task: 'Подать заявление в ЦОН' },
  { dimension: 'social', text: 'Балдарды мектепке жайгаштыруу', task: 'Мектептин директору менен сүйлөшүү' },
  { dimension: 'psychosocial', text: 'Справиться с тревогой после депортации', task: 'Пройти пять встреч с психологом' },
  { dimension: 'psychosocial', text: 'Үй-бүлө менен байланышты калыбына келтирүү', task: 'Үй-бүлөлүк кеңешмеге баруу' },
];

export function demoPlans(people: number): DemoPlan[] {
  const r = rng(29);
  const out: DemoPlan[] = [];
  let k = 0;
  for (let i = 0; i < people; i++) {
    if (i % 5 !== 1) continue;
    const n = 1 + Math.floor(r() * 3);
    const start = Math.floor(r() * GOALS.length);
    const goals = Array.from({ length: n }, (_, j) => ({
      ...GOALS[(start + j * 2) % GOALS.length],
      targetInDays: 60 + Math.floor(r() * 240),
      taskByOrganization: r() < 0.3,
    }));
    out.push({ returneeIndex: i, state: DEMO_PLAN_STATES[k++ % DEMO_PLAN_STATES.length], goals });
  }
  return out;
}
