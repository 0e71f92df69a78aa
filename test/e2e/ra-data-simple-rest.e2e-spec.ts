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

  it('should surface the field errors of a 400 in the HttpError body react-admin shows inline', async () => {
    const dp = providerFor(await t.given.user('admin'));
    await expect(dp.create('offices', { data: { name: 'X', oblast: 'moscow', district: 'Y' } })).rejects.toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', errors: { oblast: expect.any(String) } },
    });
  });
});
