import type { Survey } from '@kaytuu/reintegration';
import { rng } from './demo-data';

export type DemoAssessment = { returneeIndex: number; occasion: 'intake' | 'monitoring_12m'; daysAgo: number; answers: Record<string, string> };

const DAY_SPREAD = 30;

// Answers to every question of the form: options are listed best first, so a `need` near 1 picks later (worse) options.
function answer(form: Survey, need: number, r: () => number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of form.dimensions) {
    // each person's needs differ per dimension, so the priorities differ too
    const dimNeed = Math.min(1, Math.max(0, need + (r() - 0.5) * 0.6));
    for (const q of d.questions) {
      const applicable = q.options.filter((o) => o.value !== null);
      // "does not apply" (no school-age children) for about a third of the people
      if (applicable.length < q.options.length && r() < 0.33) {
        out[q.id] = q.options.find((o) => o.value === null)!.id;
        continue;
      }
      const at = Math.min(applicable.length - 1, Math.floor((dimNeed * 0.8 + r() * 0.4) * applicable.length));
      out[q.id] = applicable[at].id;
    }
  }
  return out;
}

// An intake assessment for most demo returnees (nine in ten), and for one in five of those a 12-month monitoring one
// that shows some progress (lower needs), so the returnee page's chart and the "assessment change" report have data.
// The intake of a monitored person is dated a year and a bit back.
export function demoAssessments(count: number, form: Survey): DemoAssessment[] {
  const r = rng(1616);
  const out: DemoAssessment[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 10 === 9) continue;
    const need = 0.35 + r() * 0.5;
    const monitored = i % 5 === 2;
    out.push({
      returneeIndex: i,
      occasion: 'intake',
      daysAgo: monitored ? 370 + Math.floor(r() * 20) : Math.floor(r() * DAY_SPREAD),
      answers: answer(form, need, r),
    });
    if (monitored) {
      out.push({ returneeIndex: i, occasion: 'monitoring_12m', daysAgo: Math.floor(r() * 10), answers: answer(form, Math.max(0, need - 0.1 - r() * 0.3), r) });
    }
  }
  return out;
}
