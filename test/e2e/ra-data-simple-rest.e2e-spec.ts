import { AddressInfo } from 'node:net';
import simpleRestProvider from 'ra-data-simple-rest';
import { fetchUtils, DataProvider } from 'ra-core';
import { createTestApp, GivenUser, TestApp } from '../support/test-app';

// Drives the API through the very provider the console uses, so the dialect (sort/range/filter, Content-Range,
// 201 bodies, error bodies) is proven end to end over real HTTP.
describe('ra-data-simple-rest round trip', () => {
  let t: TestApp;
  let base: string;
  const providerFor = (u: GivenUser): DataProvider =>
    simpleRestProvider(`${base}/api`, (url: string, options: fetchUtils.Options = {}) =>
      fetchUtils.fetchJson(url, { ...options, user: { authenticated: true, token: `Bearer ${u.token}` } }),
    );

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  it('should getList/getOne/getMany/create/update/delete offices as an admin', async () => {
    const dp = providerFor(await t.given.user('admin'));
    const created = await dp.create('offices', { data: { name: 'Ош шаары', oblast: 'osh_city', district: 'Ош' } });
    expect(created.data).toMatchObject({ name: 'Ош шаары', oblast: 'osh_city' });
    await dp.create('offices', { data: { name: 'Баткен', oblast: 'batken', district: 'Баткенский' } });

    const list = await dp.getList('offices', { pagination: { page: 1, perPage: 1 }, sort: { field: 'name', order: 'ASC' }, filter: { q: 'а' } });
    expect(list.data).toHaveLength(1);
    expect(list.total).toBeGreaterThanOrEqual(2);
    expect(list.data[0].name).toBe('Баткен');

    const one = await dp.getOne('offices', { id: created.data.id });
    expect(one.data.district).toBe('Ош');

    const many = await dp.getMany('offices', { ids: [created.data.id] });
    expect(many.data.map((o) => o.id)).toEqual([created.data.id]);

    const updated = await dp.update('offices', { id: created.data.id, data: { district: 'Ош ш.' }, previousData: one.data });
    expect(updated.data.district).toBe('Ош ш.');

    await dp.delete('offices', { id: created.data.id, previousData: updated.data });
    await expect(dp.getOne('offices', { id: created.data.id })).rejects.toMatchObject({ status: 404 });
  });

  it('should drive returnees and cases through the provider the way the console does, with version checks', async () => {
    const office = await t.given.office();
    const cw = await t.given.user('caseworker', { officeId: office.id });
    const dp = providerFor(cw);
    const created = await dp.create('returnees', {
      data: {
        lastName: 'Жээнбеков',
        firstName: 'Нурбек',
        sex: 'male',
        birthDate: '1996-02-11',
        phone: '0555 123 456',
        oblast: 'naryn',
        district: 'Ат-Башинский',
        episodes: [
          {
            country: 'RU',
            city: 'Москва',
            departedOn: '2019-03-01',
            returnedOn: '2025-06-30',
            sector: 'construction',
            employmentFormal: false,
            returnReason: 'entry_ban',
            entryBan: { active: true, until: '2028-06-30' },
          },
        ],
      },
    });
    expect(created.data).toMatchObject({ phone: '+996555123456', fullName: expect.stringContaining('Жээнбеков') });

    const found = await dp.getList('returnees', {
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'lastName', order: 'ASC' },
      filter: { q: 'Zheenbekov' },
    });
    expect(found.total).toBe(1);
    expect(found.data[0].id).toBe(created.data.id);

    // react-admin's edit form sends the whole record back, version included
    const one = await dp.getOne('returnees', { id: created.data.id });
    const updated = await dp.update('returnees', { id: one.data.id, data: { ...one.data, district: 'Нарынский' }, previousData: one.data });
    expect(updated.data).toMatchObject({ district: 'Нарынский', version: one.data.version + 1 });
    await expect(dp.update('returnees', { id: one.data.id, data: { ...one.data, district: 'Кочкорский' }, previousData: one.data })).rejects.toMatchObject({
      status: 409,
      body: { code: 'STALE_VERSION' },
    });

    const kase = await dp.create('cases', {
      data: { returneeId: created.data.id, type: 'legal_aid', title: 'Запрет на въезд', details: { issue: 'entry_ban', country: 'RU' } },
    });
    expect(kase.data).toMatchObject({ status: 'open', assigneeId: cw.id, allowedTransitions: ['in_progress'] });
    const moved = await dp.update('cases', { id: kase.data.id, data: { status: 'in_progress', version: kase.data.version }, previousData: kase.data });
    expect(moved.data.status).toBe('in_progress');
    const mine = await dp.getList('cases', {
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'openedAt', order: 'DESC' },
      filter: { mine: true, status: ['in_progress'] },
    });
    expect(mine.data.map((c) => c.id)).toEqual([kase.data.id]);
    const many = await dp.getMany('cases', { ids: [kase.data.id] });
    expect(many.data[0].returneeName).toContain('Жээнбеков');
    const events = await dp.getList(`cases/${kase.data.id}/events`, { pagination: { page: 1, perPage: 50 }, sort: { field: 'at', order: 'ASC' }, filter: {} });
    expect(events.data.map((e) => e.kind)).toEqual(['created', 'status_changed']);
    const nested = await dp.getList(`returnees/${created.data.id}/cases`, {
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'openedAt', order: 'DESC' },
      filter: {},
    });
    expect(nested.total).toBe(1);
  });

  it('should surface the field errors of a 400 in the HttpError body react-admin shows inline', async () => {
    const dp = providerFor(await t.given.user('admin'));
    await expect(dp.create('offices', { data: { name: 'X', oblast: 'moscow', district: 'Y' } })).rejects.toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', errors: { oblast: expect.any(String) } },
    });
  });
});
