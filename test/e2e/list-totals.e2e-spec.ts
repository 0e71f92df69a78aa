import { AddressInfo } from 'node:net';
import simpleRestProvider from 'ra-data-simple-rest';
import { fetchUtils } from 'ra-core';
import { withTotalEstimate } from '../../apps/console/src/providers/totalEstimate';
import { bearer, createTestApp, GivenUser, TestApp } from '../support/test-app';

// Totals stay cheap on big tables: exact up to LIST_EXACT_TOTAL_LIMIT rows, the planner's estimate above it, and the
// response says which (X-Total-Estimated). The limit is set to 3 here so a handful of rows crosses it.
describe('list totals: exact under the limit, estimated above it', () => {
  let t: TestApp;
  let supervisor: GivenUser;
  let officeId: string;
  const totalOf = (contentRange: string) => Number(contentRange.split('/')[1]);

  beforeAll(async () => {
    // one app per file: the limit is process-wide, set when the app boots
    t = await createTestApp({ env: { LIST_EXACT_TOTAL_LIMIT: '3', CORS_ORIGINS: 'http://console.example.kg' } });
    officeId = (await t.given.office()).id;
    supervisor = await t.given.user('supervisor', { officeId });
    const returnee = await t.given.returnee({ officeId });
    for (let i = 0; i < 6; i++) await t.given.caseFile({ returneeId: returnee.id, officeId, status: i < 2 ? 'on_hold' : 'open' });
    // planner statistics as a real database has them (autovacuum would analyze a table this fresh only later)
    await t.db.query('ANALYZE case_file');
  });
  afterAll(() => t.close());

  const listCases = (filter: Record<string, unknown>, range: [number, number]) =>
    t.http
      .get('/api/cases')
      .query({ filter: JSON.stringify(filter), range: JSON.stringify(range), sort: JSON.stringify(['dueAt', 'ASC']) })
      .set(bearer(supervisor));

  it('should answer an estimated total with X-Total-Estimated: true when the filtered set is over the limit', async () => {
    const res = await listCases({ status: ['open'] }, [0, 1]);

    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(2);
    expect(res.headers['x-total-estimated']).toBe('true');
    // an integer react-admin can parse, never below what the client can already see (and one more: a next page)
    expect(res.headers['content-range']).toMatch(/^cases 0-1\/\d+$/);
    expect(totalOf(res.headers['content-range'])).toBeGreaterThan(3);
  });

  it('should answer an exact total with X-Total-Estimated: false when the filtered set is under the limit', async () => {
    const res = await listCases({ status: ['on_hold', 'pending_closure'] }, [0, 0]);

    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    expect(res.headers['x-total-estimated']).toBe('false');
    expect(res.headers['content-range']).toBe('cases 0-0/2');
  });

  it('should count exactly for free when the page shows the end of the list, however big the limit was crossed', async () => {
    const res = await listCases({ status: ['open'] }, [2, 24]);

    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(2);
    expect(res.headers['x-total-estimated']).toBe('false');
    expect(res.headers['content-range']).toBe('cases 2-3/4');
  });

  it('should count a ranked name search exactly, whatever the limit, since the ranking sees every match anyway', async () => {
    for (let i = 0; i < 5; i++) await t.given.returnee({ officeId, lastName: 'Жээнбеков', firstName: `Нурлан${'а'.repeat(i)}` });
    await t.db.query('ANALYZE returnee');
    const page = (filter: Record<string, unknown>) =>
      t.http
        .get('/api/returnees')
        .query({ filter: JSON.stringify(filter), range: JSON.stringify([0, 1]) })
        .set(bearer(supervisor));

    const search = await page({ q: 'Zheenbekov' });
    const all = await page({});

    expect(search.status).toBe(200);
    expect(search.body).toHaveLength(2);
    expect(search.headers['content-range']).toBe('returnees 0-1/5');
    expect(search.headers['x-total-estimated']).toBe('false');
    expect(all.headers['x-total-estimated']).toBe('true');
    expect(totalOf(all.headers['content-range'])).toBeGreaterThan(3);
  });

  it('should expose X-Total-Estimated to cross-origin clients next to Content-Range', async () => {
    const res = await listCases({ status: ['open'] }, [0, 1]).set('Origin', 'http://console.example.kg');

    expect(res.headers['access-control-allow-origin']).toBe('http://console.example.kg');
    expect(res.headers['access-control-expose-headers']).toBe('Content-Range,X-Total-Estimated');
  });

  it('should still parse through ra-data-simple-rest, and the console provider should flag the estimate in meta', async () => {
    await t.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const client = (url: string, options: fetchUtils.Options = {}) =>
      fetchUtils.fetchJson(url, { ...options, user: { authenticated: true, token: `Bearer ${supervisor.token}` } });
    const dp = withTotalEstimate(`${base}/api`, client, simpleRestProvider);

    const big = await dp.getList('cases', { pagination: { page: 1, perPage: 2 }, sort: { field: 'dueAt', order: 'ASC' }, filter: { status: ['open'] } });
    const small = await dp.getList('cases', { pagination: { page: 1, perPage: 1 }, sort: { field: 'dueAt', order: 'ASC' }, filter: { status: ['on_hold'] } });

    expect(big.data).toHaveLength(2);
    expect(big.total).toBeGreaterThan(3);
    expect(big.meta).toEqual({ totalEstimated: true });
    expect(small.data).toHaveLength(1);
    expect(small.total).toBe(2);
    expect(small.meta).toEqual({ totalEstimated: false });
  });
});
