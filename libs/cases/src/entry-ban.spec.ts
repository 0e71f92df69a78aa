import { bishkekDay, entryBanInForce, EpisodeWithBan } from './entry-ban';

const ep = (departedOn: string, active: boolean, until: string | null, authority: string | null = null): EpisodeWithBan => ({
  departedOn,
  entryBan: { active, until, authority },
});

describe('entryBanInForce', () => {
  it('should take the latest migration’s ban when two episodes record one', () => {
    const got = entryBanInForce([ep('2018-03-01', true, '2027-01-01', 'ФМС'), ep('2022-05-10', true, '2031-05-10', 'МВД РФ')], '2026-11-26');
    expect(got).toEqual({ until: '2031-05-10', authority: 'МВД РФ' });
  });

  it('should answer null when the only ban has ended or is not marked active', () => {
    expect(entryBanInForce([ep('2020-01-01', true, '2026-11-25'), ep('2021-01-01', false, '2030-01-01')], '2026-11-26')).toBeNull();
    expect(entryBanInForce([], '2026-11-26')).toBeNull();
  });

  it('should keep a ban without an end date and one ending today in force', () => {
    expect(entryBanInForce([ep('2020-01-01', true, null, 'ФСБ')], '2026-11-26')).toEqual({ until: null, authority: 'ФСБ' });
    expect(entryBanInForce([ep('2020-01-01', true, '2026-11-26')], '2026-11-26')).toEqual({ until: '2026-11-26', authority: null });
  });

  it('should count the day in Bishkek when UTC is still on the day before', () => {
    expect(bishkekDay(new Date('2026-11-25T19:00:00Z'))).toBe('2026-11-26');
  });
});
