import { capacityValue, toOrganizationPayload } from '../../apps/console/src/organizations/organizationModel';
import { matchOblast, orderChoices, parseMatches, reasonLabel } from '../../apps/console/src/referrals/matchModel';

const o = (id: string) => ({ id, name: `Org ${id}` });

describe('partner suggestions in the Refer dialog', () => {
  it('should put ranked organisations first in the API order and keep the rest in directory order when both are known', () => {
    const listed = [o('a'), o('b'), o('c'), o('d')];
    const matches = [
      { organization: o('c'), score: 5, reasons: ['oblast', 'sector:construction', 'capacity'] },
      { organization: o('a'), score: 1, reasons: ['capacity'] },
    ];
    const choices = orderChoices(listed, matches);
    expect(choices.map((c) => [c.organization.id, c.score])).toEqual([
      ['c', 5],
      ['a', 1],
      ['b', null],
      ['d', null],
    ]);
    expect(choices[0].reasons).toEqual(['oblast', 'sector:construction', 'capacity']);
    expect(choices[2].reasons).toEqual([]);
  });

  it('should leave out a ranked organisation of another region unless it is the preselected partner', () => {
    const matches = [
      { organization: o('far'), score: 2, reasons: ['sector:trade'] },
      { organization: o('near'), score: 2, reasons: ['oblast'] },
    ];
    expect(orderChoices([o('near')], matches).map((c) => c.organization.id)).toEqual(['near']);
    expect(orderChoices([o('near')], matches, 'far').map((c) => c.organization.id)).toEqual(['far', 'near']);
  });

  it('should drop malformed rows and default missing fields when the API answer is parsed', () => {
    const parsed = parseMatches([
      {
        organization: { id: 'x', name: 'Иш', kind: 'ngo', oblasts: ['osh'], services: ['job_placement'], sectors: ['trade'], capacity: 3, active: true },
        score: 4,
        reasons: ['oblast', 'sector:trade'],
      },
      { organization: { id: 'y' }, score: 1, reasons: [] },
      { score: 2 },
      'nope',
    ]);
    expect(parsed).toEqual([
      {
        organization: { id: 'x', name: 'Иш', kind: 'ngo', oblasts: ['osh'], services: ['job_placement'], sectors: ['trade'], capacity: 3, active: true },
        score: 4,
        reasons: ['oblast', 'sector:trade'],
      },
    ]);
    expect(parseMatches({ message: 'Forbidden' })).toEqual([]);
  });

  it('should name each reason kind when a chip is labelled', () => {
    expect(reasonLabel('oblast')).toEqual({ kind: 'oblast' });
    expect(reasonLabel('capacity')).toEqual({ kind: 'capacity' });
    expect(reasonLabel('sector:domestic_work')).toEqual({ kind: 'sector', sector: 'domestic_work' });
    expect(reasonLabel('sector:')).toEqual({ kind: 'other', text: 'sector:' });
  });

  it("should match on a job case's desired oblast and otherwise on where the returnee lives", () => {
    expect(matchOblast({ type: 'job_placement', details: { desiredOblast: 'osh' } }, 'bishkek')).toBe('osh');
    expect(matchOblast({ type: 'job_placement', details: {} }, 'bishkek')).toBe('bishkek');
    expect(matchOblast({ type: 'legal_aid', details: { desiredOblast: 'osh' } }, 'chuy')).toBe('chuy');
    expect(matchOblast(null, undefined)).toBeNull();
  });
});

describe('organisation form payload', () => {
  it('should send sectors and a whole capacity, or null when the capacity is left empty', () => {
    const base = { name: ' Иш таап бер ', kind: 'ngo' as const, services: ['job_placement'], oblasts: ['osh'], contactEmail: 'jobs@example.kg' };
    expect(toOrganizationPayload({ ...base, sectors: ['construction'], capacity: 12 })).toMatchObject({
      name: 'Иш таап бер',
      sectors: ['construction'],
      capacity: 12,
    });
    expect(toOrganizationPayload(base)).toMatchObject({ sectors: [], capacity: null });
    expect(capacityValue('')).toBeNull();
    expect(capacityValue('7')).toBe(7);
    expect(capacityValue(0)).toBe(0);
  });
});
