import { DomainError } from '@kaytuu/shared';
import { assignmentNotices, CaseUpdateContext, PlannableCase, planCaseUpdate } from './case-update-plan';
import { WorkflowActor } from './case-workflow';
import { UpdateCaseDto } from './dto/update-case.dto';

const OFFICE = 'office-a';
const NOW = new Date('2026-03-01T10:00:00Z');
const supervisor: WorkflowActor = { userId: 'sup', role: 'supervisor', officeId: OFFICE };
const worker: WorkflowActor = { userId: 'cw1', role: 'caseworker', officeId: OFFICE };

const kase = (over: Partial<PlannableCase> = {}): PlannableCase => ({
  status: 'in_progress',
  assigneeId: 'cw1',
  officeId: OFFICE,
  type: 'legal_aid',
  details: { issue: 'documents', country: 'RU' },
  dueAt: null,
  priority: 'normal',
  title: 'Паспорт',
  summary: null,
  closureReason: null,
  outcome: null,
  ...over,
});
const ctx = (over: Partial<CaseUpdateContext> = {}): CaseUpdateContext => ({ now: NOW, assigneeName: null, assignable: true, ...over });
const put = (over: Partial<UpdateCaseDto>): UpdateCaseDto => ({ version: 1, ...over });

// A refusal as the API answers it: the DomainError's status and code, and whatever else the test names.
const refused = (status: number, code: string, more: Partial<DomainError> = {}) => expect.objectContaining({ status, code, ...more });

describe('case update plan', () => {
  it('should plan nothing when every field sent equals the stored one', () => {
    const plan = planCaseUpdate(
      worker,
      kase(),
      put({ title: 'Паспорт', priority: 'normal', dueAt: null, details: { country: 'ru', issue: 'documents' } }),
      ctx(),
    );
    expect(plan).toEqual({ patch: {}, events: [], changed: [], statusChange: null, notices: [] });
  });

  it('should record each changed plain field with its old and new value when they differ', () => {
    const plan = planCaseUpdate(worker, kase(), put({ title: 'Паспорт и виза', summary: 'ждёт ответа', outcome: undefined }), ctx());
    expect(plan.patch).toEqual({ title: 'Паспорт и виза', summary: 'ждёт ответа' });
    expect(plan.changed).toEqual(['title', 'summary']);
    expect(plan.events).toEqual([
      { kind: 'field_changed', data: { fields: { title: { from: 'Паспорт', to: 'Паспорт и виза' }, summary: { from: null, to: 'ждёт ответа' } } } },
    ]);
  });

  it('should compare due dates as instants when the same moment is written another way', () => {
    const due = new Date('2026-04-01T06:00:00Z');
    expect(planCaseUpdate(worker, kase({ dueAt: due }), put({ dueAt: '2026-04-01T12:00:00+06:00' }), ctx()).events).toEqual([]);
    const moved = planCaseUpdate(worker, kase({ dueAt: due }), put({ dueAt: null }), ctx());
    expect(moved.patch).toEqual({ dueAt: null });
    expect(moved.events).toEqual([{ kind: 'field_changed', data: { fields: { dueAt: { from: due.toISOString(), to: null } } } }]);
  });

  it('should name only the changed detail keys, never their values, when details change', () => {
    const plan = planCaseUpdate(worker, kase(), put({ details: { issue: 'documents', country: 'KZ', counterpart: 'Консульство' } }), ctx());
    expect(plan.patch.details).toEqual({ issue: 'documents', country: 'KZ', counterpart: 'Консульство' });
    expect(plan.events).toEqual([{ kind: 'field_changed', data: { fields: { details: { changedKeys: ['counterpart', 'country'] } } } }]);
  });

  it('should refuse a status move the actor may not make, naming the moves open to them', () => {
    expect(() => planCaseUpdate(worker, kase({ status: 'pending_closure' }), put({ status: 'closed', closureReason: 'готово' }), ctx())).toThrow(
      refused(409, 'INVALID_TRANSITION', { extra: { allowed: ['in_progress'] } }),
    );
  });

  it('should refuse closing without a reason and record the reason on the status event when one is given', () => {
    const pending = kase({ status: 'pending_closure' });
    expect(() => planCaseUpdate(supervisor, pending, put({ status: 'closed' }), ctx())).toThrow(
      refused(422, 'INVALID_CASE', { errors: { closureReason: 'is required to close a case' } }),
    );

    const plan = planCaseUpdate(supervisor, pending, put({ status: 'closed', closureReason: 'Паспорт получен' }), ctx());
    expect(plan.patch).toEqual({ status: 'closed', closureReason: 'Паспорт получен', closedAt: NOW });
    expect(plan.statusChange).toEqual({ from: 'pending_closure', to: 'closed' });
    // the reason is on the status event only, not repeated as a field change
    expect(plan.events).toEqual([{ kind: 'status_changed', data: { from: 'pending_closure', to: 'closed', reason: 'Паспорт получен' } }]);
    expect(plan.notices).toEqual([]);
  });

  it('should refuse a closure request without a reason unless one is stored from an earlier request', () => {
    expect(() => planCaseUpdate(worker, kase(), put({ status: 'pending_closure' }), ctx())).toThrow(
      refused(422, 'INVALID_CASE', { errors: { closureReason: 'is required to request closure' } }),
    );
    // sent back and asked again: the reason written the first time still stands
    const again = planCaseUpdate(worker, kase({ closureReason: 'Трудоустроен' }), put({ status: 'pending_closure' }), ctx());
    expect(again.events).toEqual([{ kind: 'status_changed', data: { from: 'in_progress', to: 'pending_closure', reason: 'Трудоустроен' } }]);
  });

  it('should store a closure request’s reason and summary and name the reason on its status event', () => {
    const plan = planCaseUpdate(
      worker,
      kase({ status: 'in_progress' }),
      put({ status: 'pending_closure', closureReason: 'Трудоустроен', outcome: 'Работает' }),
      ctx(),
    );
    expect(plan.patch).toEqual({ status: 'pending_closure', closureReason: 'Трудоустроен', outcome: 'Работает' });
    expect(plan.events).toEqual([
      { kind: 'status_changed', data: { from: 'in_progress', to: 'pending_closure', reason: 'Трудоустроен' } },
      { kind: 'field_changed', data: { fields: { outcome: { from: null, to: 'Работает' } } } },
    ]);
  });

  it('should close with the reason already stored when the request gives none', () => {
    const plan = planCaseUpdate(supervisor, kase({ status: 'pending_closure', closureReason: 'Готово' }), put({ status: 'closed' }), ctx());
    expect(plan.events).toEqual([{ kind: 'status_changed', data: { from: 'pending_closure', to: 'closed', reason: 'Готово' } }]);
  });

  it('should require a reason to reopen, clear the closure and tell the assignee when a supervisor reopens', () => {
    const closed = kase({ status: 'closed', closureReason: 'Готово' });
    expect(() => planCaseUpdate(supervisor, closed, put({ status: 'in_progress' }), ctx())).toThrow(
      refused(400, 'VALIDATION_FAILED', { errors: { reason: 'is required to reopen a closed case' } }),
    );

    const plan = planCaseUpdate(supervisor, closed, put({ status: 'in_progress', reason: 'Новые документы' }), ctx());
    expect(plan.patch).toEqual({ status: 'in_progress', closedAt: null, closureReason: null });
    expect(plan.events).toEqual([{ kind: 'status_changed', data: { from: 'closed', to: 'in_progress', reason: 'Новые документы' } }]);
    expect(plan.notices).toEqual([{ userId: 'cw1', kind: 'case_reopened', extra: { reason: 'Новые документы' } }]);
  });

  it('should require a comment and tell the caseworker when a supervisor sends a closure request back', () => {
    const pending = kase({ status: 'pending_closure' });
    expect(() => planCaseUpdate(supervisor, pending, put({ status: 'in_progress' }), ctx())).toThrow(
      refused(400, 'VALIDATION_FAILED', { errors: { comment: 'is required to send a closure request back' } }),
    );

    const plan = planCaseUpdate(supervisor, pending, put({ status: 'in_progress', comment: 'Нет справки' }), ctx());
    expect(plan.events).toEqual([{ kind: 'status_changed', data: { from: 'pending_closure', to: 'in_progress', comment: 'Нет справки' } }]);
    expect(plan.notices).toEqual([{ userId: 'cw1', kind: 'case_sent_back', extra: { comment: 'Нет справки' } }]);
  });

  it('should let a caseworker take back their own closure request without a comment or a notice', () => {
    const plan = planCaseUpdate(worker, kase({ status: 'pending_closure' }), put({ status: 'in_progress' }), ctx());
    expect(plan.events).toEqual([{ kind: 'status_changed', data: { from: 'pending_closure', to: 'in_progress' } }]);
    expect(plan.notices).toEqual([]);
  });

  it('should tell the assignee the request actually leaves the case with, not the one it had, when both change', () => {
    const plan = planCaseUpdate(
      supervisor,
      kase({ status: 'closed', assigneeId: 'cw1' }),
      put({ status: 'in_progress', reason: 'Снова', assigneeId: 'cw2', reassignReason: 'Отпуск' }),
      ctx({ assigneeName: 'Айгүл' }),
    );
    expect(plan.notices).toEqual([
      { userId: 'cw2', kind: 'case_reopened', extra: { reason: 'Снова' } },
      { userId: 'cw2', kind: 'case_assigned', extra: { reason: 'Отпуск' } },
      { userId: 'cw1', kind: 'case_reassigned', extra: { reason: 'Отпуск', assigneeId: 'cw2', assigneeName: 'Айгүл' } },
    ]);
  });

  it('should let a caseworker take an unassigned case or hand theirs back but not give it to a colleague', () => {
    expect(planCaseUpdate(worker, kase({ assigneeId: null }), put({ assigneeId: 'cw1' }), ctx()).events).toEqual([
      { kind: 'assigned', data: { from: null, to: 'cw1' } },
    ]);
    expect(planCaseUpdate(worker, kase(), put({ assigneeId: null }), ctx()).patch).toEqual({ assigneeId: null });
    expect(() => planCaseUpdate(worker, kase(), put({ assigneeId: 'cw2' }), ctx())).toThrow(refused(403, 'ASSIGNMENT_FORBIDDEN'));
  });

  it('should require a reason when a supervisor takes a case off its assignee, and not when the case was unassigned', () => {
    expect(() => planCaseUpdate(supervisor, kase(), put({ assigneeId: 'cw2' }), ctx())).toThrow(
      refused(400, 'VALIDATION_FAILED', { errors: { reassignReason: 'is required when a case is taken off its assignee' } }),
    );

    const plan = planCaseUpdate(supervisor, kase({ assigneeId: null }), put({ assigneeId: 'cw2' }), ctx());
    expect(plan.events).toEqual([{ kind: 'assigned', data: { from: null, to: 'cw2' } }]);
    expect(plan.notices).toEqual([{ userId: 'cw2', kind: 'case_assigned', extra: {} }]);
  });

  it('should refuse an assignee who is not active staff of the case’s office', () => {
    expect(() => planCaseUpdate(supervisor, kase({ assigneeId: null }), put({ assigneeId: 'stranger' }), ctx({ assignable: false }))).toThrow(
      refused(422, 'INVALID_CASE', { errors: { assigneeId: 'must be an active caseworker or supervisor of the case’s office' } }),
    );
  });

  it('should refuse edits to a closed case unless the same request reopens it', () => {
    const closed = kase({ status: 'closed', closureReason: 'Готово' });
    expect(() => planCaseUpdate(supervisor, closed, put({ title: 'Другое' }), ctx())).toThrow(refused(409, 'CASE_CLOSED'));
    // an unchanged closed case answers as saved
    expect(planCaseUpdate(supervisor, closed, put({ title: 'Паспорт' }), ctx()).events).toEqual([]);
    expect(planCaseUpdate(supervisor, closed, put({ status: 'in_progress', reason: 'Снова', title: 'Другое' }), ctx()).patch).toMatchObject({
      title: 'Другое',
      status: 'in_progress',
    });
  });

  it('should never notify the actor about their own assignment change', () => {
    expect(assignmentNotices({ userId: 'sup' }, 'sup', 'sup', null, null)).toEqual([]);
    expect(assignmentNotices({ userId: 'sup' }, 'sup', 'cw1', null, 'Айгүл')).toEqual([{ userId: 'cw1', kind: 'case_assigned', extra: {} }]);
    expect(assignmentNotices({ userId: 'sup' }, 'cw1', 'sup', 'Сам', 'Бакыт')).toEqual([
      { userId: 'cw1', kind: 'case_reassigned', extra: { reason: 'Сам', assigneeId: 'sup', assigneeName: 'Бакыт' } },
    ]);
  });
});
