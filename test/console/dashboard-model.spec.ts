import { monthlyDataset, percent, weekLabel } from '../../apps/console/src/dashboard/dashboardModel';
import { caseloadLink, casesLink, oldestCaseLink } from '../../apps/console/src/supervision/caseloadModel';

const filterOf = (link: string) => JSON.parse(new URLSearchParams(link.split('?')[1]).get('filter') ?? 'null');

describe('dashboard model', () => {
  it('should pivot opened and closed into one row per month with zeros for missing types', () => {
    const rows = monthlyDataset(
      [
        { month: '2026-02', type: 'legal_aid', opened: 2, closed: 1 },
        { month: '2026-03', type: 'job_placement', opened: 0, closed: 4 },
      ],
      ['legal_aid', 'job_placement'],
    );
    expect(rows).toEqual([
      { month: '2026-02', legal_aid_opened: 2, legal_aid_closed: 1, job_placement_opened: 0, job_placement_closed: 0 },
      { month: '2026-03', legal_aid_opened: 0, legal_aid_closed: 0, job_placement_opened: 0, job_placement_closed: 4 },
    ]);
  });

  it('should show a dash when no follow-up was due and a whole percent otherwise', () => {
    expect(percent(null)).toBe('—');
    expect(percent(0.125)).toBe('13%');
  });

  it('should label a week by its Monday as day.month', () => {
    expect(weekLabel('2026-03-16')).toBe('16.03');
  });
});

describe('caseload links', () => {
  const id = '11111111-1111-4111-8111-111111111111';
  const open = ['open', 'in_progress', 'on_hold', 'pending_closure'];

  it("should list the person's open cases of one type when a type count is clicked", () => {
    expect(filterOf(caseloadLink(id, { type: ['legal_aid'] }))).toEqual({ assigneeId: id, status: open, type: ['legal_aid'] });
  });

  it('should use the overdue filter alone when the overdue count is clicked', () => {
    expect(filterOf(caseloadLink(id, { overdue: true }))).toEqual({ assigneeId: id, overdue: true });
  });

  it('should sort the oldest case first when the age is clicked', () => {
    const link = oldestCaseLink(id);
    const params = new URLSearchParams(link.split('?')[1]);
    expect(link.startsWith('/cases?')).toBe(true);
    expect([params.get('sort'), params.get('order')]).toEqual(['openedAt', 'ASC']);
    expect(filterOf(link)).toEqual({ assigneeId: id, status: open });
  });

  it('should build a case-list link the console router understands', () => {
    expect(casesLink({ mine: true })).toBe(`/cases?filter=${encodeURIComponent('{"mine":true}')}`);
  });
});
