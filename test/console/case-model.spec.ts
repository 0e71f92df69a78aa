import { toTransition } from '../../apps/console/src/cases/caseModel';

describe('case transitions sent by the console', () => {
  it('should send the closure reason and the monitoring choice only when closing', () => {
    expect(toTransition({ version: 3 }, 'in_progress')).toEqual({ status: 'in_progress', version: 3 });
    expect(toTransition({ version: 4 }, 'closed', { closureReason: '  Трудоустроен  ', outcome: '', scheduleMonitoring: false })).toEqual({
      status: 'closed',
      version: 4,
      closureReason: 'Трудоустроен',
      outcome: null,
      scheduleMonitoring: false,
    });
    expect(toTransition({ version: 4 }, 'closed', { closureReason: 'Готово' })).toMatchObject({ scheduleMonitoring: true });
  });

  it('should send the caseworker’s reason and summary with a closure request, and no monitoring choice', () => {
    expect(
      toTransition({ version: 2 }, 'pending_closure', { closureReason: ' Трудоустроен ', outcome: ' Договор подписан ', scheduleMonitoring: true }),
    ).toEqual({
      status: 'pending_closure',
      version: 2,
      closureReason: 'Трудоустроен',
      outcome: 'Договор подписан',
    });
    expect(toTransition({ version: 2 }, 'pending_closure')).toEqual({ status: 'pending_closure', version: 2 });
  });
});
