import {
  actionProblems,
  bishkekToday,
  canReview,
  canRevise,
  fromAction,
  goalProblems,
  goalsByDimension,
  isEditable,
  LINKABLE_KINDS,
  pdfLanguage,
  toAction,
  toGoalsBody,
  type PlanGoal,
} from '../../apps/console/src/plans/planModel';

const goal = (p: Partial<PlanGoal>): PlanGoal => ({
  dimension: 'economic',
  text: 'Открыть мастерскую',
  targetDate: '2027-06-01',
  status: 'not_started',
  actions: [],
  ...p,
});

describe('console plan model', () => {
  it('should allow edits only on the current draft or returned version, review and revise on the approved one in force', () => {
    expect(isEditable({ status: 'draft', current: true })).toBe(true);
    expect(isEditable({ status: 'returned', current: true })).toBe(true);
    expect(isEditable({ status: 'submitted', current: true })).toBe(false);
    expect(isEditable({ status: 'draft', current: false })).toBe(false);
    expect(canReview({ status: 'under_review', current: true, inForce: true })).toBe(true);
    expect(canReview({ status: 'approved', current: false, inForce: true })).toBe(true);
    expect(canReview({ status: 'approved', current: false, inForce: false })).toBe(false);
    expect(canRevise({ status: 'approved', current: true })).toBe(true);
    expect(canRevise({ status: 'draft', current: true })).toBe(false);
  });

  it("should build the PUT body with only what the client sets: a linked action's status and owner are left to the server", () => {
    const body = toGoalsBody([
      goal({
        id: 'g1',
        text: '  Открыть мастерскую ',
        lastProgress: 'x',
        actions: [
          { id: 'a1', kind: 'case', refId: 'c1', refLabel: 'KT-C · legal_aid', status: 'in_progress', ownerName: 'X' },
          { kind: 'task', text: 'Собрать документы', ownerUserId: 'u1', dueAt: '2027-01-10', status: 'pending' },
        ],
      }),
      goal({ status: 'dropped', droppedReason: 'Уехал', dimension: 'social' }),
    ]);
    expect(body).toEqual([
      {
        id: 'g1',
        dimension: 'economic',
        text: 'Открыть мастерскую',
        targetDate: '2027-06-01',
        status: 'not_started',
        actions: [
          { id: 'a1', kind: 'case', refId: 'c1' },
          { kind: 'task', text: 'Собрать документы', ownerUserId: 'u1', dueAt: '2027-01-10', status: 'pending' },
        ],
      },
      { dimension: 'social', text: 'Открыть мастерскую', targetDate: '2027-06-01', status: 'dropped', droppedReason: 'Уехал', actions: [] },
    ]);
  });

  it('should refuse a goal without text or dimension, a new target date in the past and a dropped goal without a reason, but keep a stored past date', () => {
    const today = '2026-12-07';
    const v = { dimension: 'economic' as const, text: 'x', targetDate: '2026-12-07', status: 'not_started' as const, droppedReason: '' };
    expect(Object.values(goalProblems(v, null, today)).filter(Boolean)).toEqual([]);
    expect(goalProblems({ ...v, dimension: '', text: ' ' }, null, today)).toMatchObject({
      dimension: 'app.plans.validation.dimension_required',
      text: 'app.plans.validation.goal_text_required',
    });
    expect(goalProblems({ ...v, targetDate: '2026-12-06' }, null, today).targetDate).toBe('app.plans.validation.target_past');
    expect(goalProblems({ ...v, targetDate: '2026-12-06' }, { targetDate: '2026-12-06' }, today).targetDate).toBeUndefined();
    expect(goalProblems({ ...v, status: 'dropped' }, null, today).droppedReason).toBe('app.plans.validation.dropped_reason_required');
  });

  it('should edit an action linked to an assistance item as one (the dialog offers the kind)', () => {
    expect(LINKABLE_KINDS).toContain('assistance');
    const v = fromAction({ id: 'a1', kind: 'assistance', refId: 'i1', status: 'in_progress' });
    expect([v.kind, v.refId]).toEqual(['assistance', 'i1']);
    expect(actionProblems({ ...v, refId: '' }).refId).toBe('app.plans.validation.ref_required');
    expect(toAction(v, { id: 'a1', kind: 'assistance', refId: 'i1', status: 'in_progress' })).toMatchObject({ id: 'a1', kind: 'assistance', refId: 'i1' });
  });

  it('should need a linked record for a link, and text, owner and due date for a task', () => {
    const link = fromAction(null);
    expect(actionProblems(link).refId).toBe('app.plans.validation.ref_required');
    const task = { ...link, kind: 'task' as const, ownerKind: 'organization' as const };
    expect(actionProblems(task)).toMatchObject({
      text: 'app.plans.validation.task_text_required',
      ownerOrganizationId: 'app.plans.validation.owner_required',
      dueAt: 'app.plans.validation.due_required',
    });
    expect(
      toAction({ ...task, text: 'Позвонить', ownerOrganizationId: 'o1', ownerUserId: 'u1', dueAt: '2027-01-01' }, { id: 'a9', kind: 'task', status: 'done' }),
    ).toEqual({
      id: 'a9',
      kind: 'task',
      text: 'Позвонить',
      ownerUserId: null,
      ownerOrganizationId: 'o1',
      dueAt: '2027-01-01',
      status: 'pending',
    });
  });

  it('should group goals by dimension in a fixed order keeping their index, and print in Kyrgyz only for Kyrgyz speakers', () => {
    const groups = goalsByDimension([goal({ dimension: 'social' }), goal({ dimension: 'economic' }), goal({ dimension: 'social' })]);
    expect(groups.map((g) => [g.dimension, g.goals.map((x) => x.index)])).toEqual([
      ['economic', [1]],
      ['social', [0, 2]],
    ]);
    expect(pdfLanguage(['ky', 'ru'])).toBe('ky');
    expect(pdfLanguage(['ru'])).toBe('ru');
    expect(pdfLanguage(null)).toBe('ru');
    expect(bishkekToday(new Date('2026-12-06T19:00:00Z'))).toBe('2026-12-07');
  });
});
