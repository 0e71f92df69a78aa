import { MigrationInterface, QueryRunner } from 'typeorm';

// Possible duplicates (same birth date and `word_similarity(skeleton, search_text) >= 0.6`) at a million returnees
// (issue 7). Measured with EXPLAIN (ANALYZE, BUFFERS) on the `seed:big` database (1M returnees, 2 cores, PostgreSQL 15,
// shared_buffers 128 MB), one import batch of 5,000 candidates:
// - through returnee_birth_date_idx, every person born that day (about 110 per candidate, 550k per batch) was read from
//   the table and word_similarity computed for each (17 µs a call): 10–28 s per batch;
// - through a trigram index on returnee_name (the distinct names), a two-word skeleton matches about 550 of the 21k
//   names (its surname alone reaches 0.6), so 900k name pairs were rechecked before joining back on birth date: 55 s;
// - through this index (birth date, then the trigrams of search_text, compared from the leaf's trigram arrays), about
//   4 people per candidate reach the table and word_similarity: 1.0–1.1 s per batch; one person's check 0.2 ms.
// Cost: 266 MB at 1M, built in about 40 s, and about 34 µs per inserted row (3.4 s per 100,000 imported rows).
export class ImportDuplicateIndex1764500002000 implements MigrationInterface {
  name = 'ImportDuplicateIndex1764500002000';

  async up(q: QueryRunner): Promise<void> {
    // btree_gist: the equality on birth_date inside a GiST index (a trusted extension, like pg_trgm)
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`CREATE INDEX returnee_birth_date_name_idx ON returnee USING gist (birth_date, search_text gist_trgm_ops) WHERE deleted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX returnee_birth_date_name_idx`);
  }
}
