import { DataSource, In } from 'typeorm';
import { Actor } from '@kaytuu/shared';
import { CaseRepository } from '../../libs/cases/src/case-file.repository';
import { CaseFile } from '../../libs/cases/src/case-file.entity';
import { ConsentRepository } from '../../libs/returnees/src/consent.repository';
import { Consent } from '../../libs/returnees/src/consent.entity';
import { MigrationEpisodeRepository } from '../../libs/returnees/src/migration-episode.repository';
import { MigrationEpisode } from '../../libs/returnees/src/migration-episode.entity';
import { ReturneeRepository } from '../../libs/returnees/src/returnee.repository';
import { createTestApp, GivenUser, TestApp } from '../support/test-app';

// The case list and the returnee show read with explicit column projections (raw rows mapped once) instead of TypeORM
// entity hydration (issue 20). Each projection must give exactly what hydrating the entity gives: compared here row by
// row against the TypeORM reads of the same records, on rows with every nullable column both set and empty, encrypted
// details, PIN and phone, dates, arrays and jsonb.
describe('hot reads: column projections equal entity hydration', () => {
  let t: TestApp;
  let ds: DataSource;
  let sup: GivenUser;
  let actor: Actor;
  let returneeIds: string[];

  beforeAll(async () => {
    t = await createTestApp();
    ds = t.app.get(DataSource);
    const office = await t.given.office();
    sup = await t.given.user('supervisor', { officeId: office.id });
    const cw = await t.given.user('caseworker', { officeId: office.id });
    actor = { userId: sup.id, role: 'supervisor', officeId: office.id, organizationId: null, ip: null };
    const a = await t.given.returnee({ officeId: office.id, pin: '21505199700123', phone: '+996555123456', createdBy: sup.id });
    const b = await t.given.returnee({ officeId: office.id, pin: null, phone: null, sex: 'female', birthDate: '1988-02-29' });
    returneeIds = [a.id, b.id];
    await t.db.query(
      `UPDATE returnee SET address = 'ул. Токтогула 1', household_size = 5, dependents = 2, languages = '{ky,ru}', skills = '{welding}',
              vulnerabilities = '{single_parent}', education = 'secondary' WHERE id = $1`,
      [a.id],
    );
    await t.db.query(
      `INSERT INTO migration_episode (returnee_id, position, country, city, departed_on, returned_on, sector, employment_formal, return_reason,
                                      entry_ban_active, entry_ban_until, entry_ban_authority)
       VALUES ($1, 0, 'RU', 'Москва', '2019-03-01', '2021-11-30', 'construction', true, 'end_of_contract', true, '2030-01-01', 'ФСБ'),
              ($1, 1, 'KZ', NULL, '2022-04-15', NULL, 'agriculture', false, 'deported', false, NULL, NULL),
              ($2, 0, 'TR', 'Стамбул', '2018-06-01', '2020-01-10', 'services', false, 'family', false, NULL, NULL)`,
      [a.id, b.id],
    );
    await t.db.query(
      `INSERT INTO consent (returnee_id, scope, given_at, expires_at, withdrawn_at, recorded_by)
       VALUES ($1, '{share_with_ngo}', now() - interval '2 days', now() + interval '1 year', NULL, $2),
              ($1, '{contact_by_phone}', now() - interval '1 day', NULL, now(), NULL)`,
      [a.id, sup.id],
    );
    await t.given.caseFile({ returneeId: a.id, officeId: office.id, type: 'health_referral', assigneeId: cw.id, details: { condition: 'tuberculosis' } });
    await t.given.caseFile({ returneeId: a.id, officeId: office.id, status: 'in_progress' });
    await t.given.caseFile({ returneeId: b.id, officeId: office.id, type: 'job_placement', details: {} });
    const closed = await t.given.caseFile({ returneeId: b.id, officeId: office.id, status: 'closed' });
    await t.db.query(
      `UPDATE case_file SET due_at = now() + interval '3 days', summary = 'Сводка', closed_at = now(), closure_reason = 'resolved', outcome = 'paid',
              created_by = $2 WHERE id = $1`,
      [closed.id, sup.id],
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  it('should read every case of the list page exactly as the hydrated entity reads it, encrypted details opened', async () => {
    const repo = t.app.get(CaseRepository);
    const page = await repo.findPageInScope(actor, { sort: { field: 'dueAt', order: 'ASC' }, offset: 0, limit: 25, filter: {} });
    expect(page.rows).toHaveLength(4);
    expect(page.total).toBe(4);
    for (const row of page.rows) {
      const hydrated = await repo.findOneInScope(actor, row.id);
      expect(hydrated).toBeInstanceOf(CaseFile);
      expect(row).toEqual({ ...hydrated });
      expect(Object.keys(row).sort()).toEqual(Object.keys({ ...hydrated }).sort());
    }
    const health = page.rows.find((c) => c.type === 'health_referral');
    expect(health?.details).toEqual({ condition: 'tuberculosis' });
    expect(health?.detailsEnc).toBeNull();
    // the due case first (dueAt ASC NULLS LAST), then the rest by id
    expect(page.rows[0].dueAt).toBeInstanceOf(Date);
    expect(page.rows.slice(1).map((c) => c.id)).toEqual(
      page.rows
        .slice(1)
        .map((c) => c.id)
        .sort(),
    );
  });

  it('should read a returnee, its episodes and its consents exactly as their hydrated entities', async () => {
    const returnees = t.app.get(ReturneeRepository);
    const episodes = t.app.get(MigrationEpisodeRepository);
    const consents = t.app.get(ConsentRepository);
    for (const id of returneeIds) {
      const projected = await returnees.findLiveInScope(ds.manager, { kind: 'office', officeId: actor.officeId as string }, id);
      const [hydrated] = await returnees.findLiveByIds(ds.manager, [id]);
      expect(projected).toEqual(hydrated);
      expect(Object.keys(projected ?? {}).sort()).toEqual(Object.keys(hydrated).sort());
      expect(await returnees.findLiveInScope(ds.manager, { kind: 'all' }, id)).toEqual(hydrated);
      // another office's scope sees nothing
      expect(await returnees.findLiveInScope(ds.manager, { kind: 'office', officeId: (await t.given.office()).id }, id)).toBeNull();
    }
    const [a] = await returnees.findLiveByIds(ds.manager, [returneeIds[0]]);
    expect(a).toMatchObject({ pin: '21505199700123', phone: '+996555123456', birthDate: '1997-05-14', languages: ['ky', 'ru'], householdSize: 5 });

    const projectedEpisodes = await episodes.findByReturneeIds(ds.manager, returneeIds);
    const hydratedEpisodes = await ds
      .getRepository(MigrationEpisode)
      .find({ where: { returneeId: In(returneeIds) }, order: { returneeId: 'ASC', position: 'ASC' } });
    expect(projectedEpisodes).toHaveLength(3);
    expect(projectedEpisodes).toEqual(hydratedEpisodes.map((e) => ({ ...e })));
    expect(projectedEpisodes.find((e) => e.country === 'RU')).toMatchObject({ departedOn: '2019-03-01', entryBanUntil: '2030-01-01' });

    const projectedConsents = await consents.findByReturneeIds(ds.manager, returneeIds);
    const hydratedConsents = await ds.getRepository(Consent).find({ where: { returneeId: In(returneeIds) }, order: { givenAt: 'ASC' } });
    expect(projectedConsents).toHaveLength(2);
    expect(projectedConsents).toEqual(hydratedConsents.map((c) => ({ ...c })));
  });

  it('should answer the show page and the case list through HTTP with the projected rows', async () => {
    const show = await t.http.get(`/api/returnees/${returneeIds[0]}`).set('Authorization', `Bearer ${sup.token}`);
    expect(show.status).toBe(200);
    expect(show.body).toMatchObject({ id: returneeIds[0], pin: '21505199700123', birthDate: '1997-05-14' });
    expect(show.body.episodes).toHaveLength(2);
    const list = await t.http
      .get('/api/cases')
      .query({
        filter: JSON.stringify({ status: ['open', 'in_progress'], returneeId: returneeIds[0] }),
        sort: JSON.stringify(['openedAt', 'DESC']),
        range: '[0,9]',
      })
      .set('Authorization', `Bearer ${sup.token}`);
    expect(list.status).toBe(200);
    expect(list.headers['content-range']).toBe('cases 0-1/2');
    expect(list.body.map((c: { type: string }) => c.type).sort()).toEqual(['health_referral', 'legal_aid']);
  });
});
