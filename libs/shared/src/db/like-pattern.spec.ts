import { Client } from 'pg';
import { dbUrl } from '../../../../test/support/pg';
import { containsPattern } from './like-pattern';

describe('containsPattern', () => {
  it('should escape %, _ and backslash and wrap the text in wildcards', () => {
    expect(containsPattern('Асанов')).toBe('%Асанов%');
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
    expect(containsPattern('')).toBe('%%');
  });

  // what the escaping is for, checked by Postgres itself (the server's own database: no table is read)
  describe('in Postgres ILIKE', () => {
    let db: Client;
    beforeAll(async () => {
      db = new Client({ connectionString: dbUrl('postgres') });
      await db.connect();
    });
    afterAll(() => db.end());
    const ilike = async (value: string, text: string): Promise<boolean> =>
      (await db.query(`SELECT $1::text ILIKE $2 AS m`, [value, containsPattern(text)])).rows[0].m;

    it.each([
      ['Скидка 50% на всё', '50%', true],
      ['Скидка 500 на всё', '50%', false],
      ['a_b@kaytuu.kg', 'a_b', true],
      ['axb@kaytuu.kg', 'a_b', false],
      ['C:\\temp', ':\\t', true],
      ['C:temp', ':\\t', false],
      ['ОШ облусу', 'ош', true],
    ])('should match %j by %j only when it contains the text literally (%s)', async (value, text, expected) => {
      expect(await ilike(value, text)).toBe(expected);
    });
  });
});
