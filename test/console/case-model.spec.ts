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
});
