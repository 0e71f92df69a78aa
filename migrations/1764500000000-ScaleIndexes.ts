import { MigrationInterface, QueryRunner } from 'typeorm';

// Indexes and derived search tables for a million returnees, 3M cases and 10M case events (issue 7). Each index below
// is justified by a plan seen with EXPLAIN (ANALYZE, BUFFERS) on the `npm run seed:big -- --returnees 1000000` database
// (2 cores, PostgreSQL 15, shared_buffers 128 MB); timings are single statements, warm cache. Plain CREATE INDEX (the
// migration runs in a transaction): on that database the whole migration takes about a minute.
export class ScaleIndexes1764500000000 implements MigrationInterface {
  name = 'ScaleIndexes1764500000000';

  async up(q: QueryRunner): Promise<void> {
    // Case list: office + one or several statuses, sorted by due date, 25 rows. With (office_id, status, due_at) only,
    // `status IN ('open','in_progress')` could not be read in due-date order: parallel seq scan + top-N sort, 1,250 ms.
    // Walking this index in due-date order (forwards for ASC NULLS LAST, backwards for DESC NULLS FIRST; the API's id
    // tie-break follows the direction) and filtering the status stops after 25 hits: 0.6 ms.
    // closed_at included: the dashboard's overdue trend (due in the last 12 weeks, not closed before due) reads this
    // index alone (index-only, 0 heap fetches; 85k cases of the largest office in 156 ms).
    await q.query(`CREATE INDEX case_file_office_due_idx ON case_file (office_id, due_at, id) INCLUDE (closed_at) WHERE deleted_at IS NULL`);
    // The case list's default order (openedAt DESC), for admins over all offices and for an office (walking it and
    // filtering the office stops after about 250 rows): a sort of 3M (or 330k) rows before, a top-N index scan now.
    await q.query(`CREATE INDEX case_file_opened_at_idx ON case_file (opened_at, id) WHERE deleted_at IS NULL`);
    // The returnee list's default order (updatedAt DESC), likewise.
    await q.query(`CREATE INDEX returnee_updated_at_idx ON returnee (updated_at, id) WHERE deleted_at IS NULL`);

    // Dashboard: returnees of an office by oblast, and the office's people for "by return reason of the latest
    // episode" (index-only: 168k returnees of the largest office in 60 ms instead of a 1.7 s bitmap heap scan).
    await q.query(`CREATE INDEX returnee_office_oblast_idx ON returnee (office_id, oblast) INCLUDE (id) WHERE deleted_at IS NULL`);
    // Each person's latest migration episode (dashboard by return reason, report breakdowns by country and return
    // reason): the top-1 lookup per person reads only this index (2.5 s → 1.4 s for 168k people of one office).
    await q.query(
      `CREATE INDEX migration_episode_latest_idx ON migration_episode (returnee_id, departed_on DESC, position DESC) INCLUDE (return_reason, country)`,
    );

    // Fuzzy name search. Matching each query word against every person's search_text (pg_trgm `<%` on a GIN index,
    // threshold 0.15, then edit distance per word) took 1.2–16 s per search at 1M: the prefilter kept most of the table
    // (names share trigrams such as "bek" and "ov "), and ranking by word_similarity cost 11–34 µs per row. Names repeat:
    // the distinct words of all names (returnee_name_word, a few hundred to tens of thousands) are matched instead, then
    // the distinct names holding them (returnee_name), ranked once per name; people are found by exact search_text.
    // Before: "Zheenbekov" in one office 7.9 s for the page + 16 s for its count, "Жээнбеков Мирлан" 1.7 s + 1.7 s.
    // After: "Жээнбекова" in the largest office (4,700 people) ranked, counted and paged in 17 ms.
    await q.query(`CREATE TABLE returnee_name_word (word text NOT NULL, CONSTRAINT returnee_name_word_pkey PRIMARY KEY (word))`);
    await q.query(`CREATE TABLE returnee_name (search_text text NOT NULL, words text[] NOT NULL, CONSTRAINT returnee_name_pkey PRIMARY KEY (search_text))`);
    await q.query(
      `INSERT INTO returnee_name (search_text, words) SELECT DISTINCT search_text, string_to_array(search_text, ' ') FROM returnee WHERE search_text <> ''`,
    );
    await q.query(`INSERT INTO returnee_name_word (word) SELECT DISTINCT w FROM returnee_name, unnest(words) AS w WHERE w <> ''`);
    await q.query(`CREATE INDEX returnee_name_word_trgm_idx ON returnee_name_word USING gin (word gin_trgm_ops)`);
    await q.query(`CREATE INDEX returnee_name_words_idx ON returnee_name USING gin (words)`);
    // Kept up to date by the database itself, for every writer (API, imports, seeds): new names and words are added in
    // the statement that writes them; names no longer used stay (they match no one). Inserted in sorted order, so two
    // transactions adding the same new words wait for each other instead of deadlocking.
    await q.query(`CREATE FUNCTION returnee_names_collect() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO returnee_name (search_text, words)
          SELECT DISTINCT n.search_text, string_to_array(n.search_text, ' ') FROM new_rows n WHERE n.search_text <> ''
          ORDER BY 1 ON CONFLICT (search_text) DO NOTHING;
        INSERT INTO returnee_name_word (word)
          SELECT DISTINCT w FROM new_rows n, unnest(string_to_array(n.search_text, ' ')) AS w WHERE w <> ''
          ORDER BY 1 ON CONFLICT (word) DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER returnee_names_on_insert AFTER INSERT ON returnee REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION returnee_names_collect()`,
    );
    await q.query(
      `CREATE TRIGGER returnee_names_on_update AFTER UPDATE ON returnee REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION returnee_names_collect()`,
    );
    // ALWAYS: bulk loads that skip foreign-key triggers (seed:big, pg_restore --disable-triggers run with
    // session_replication_role = replica) must still feed the search tables, or their people could not be found.
    await q.query(`ALTER TABLE returnee ENABLE ALWAYS TRIGGER returnee_names_on_insert`);
    await q.query(`ALTER TABLE returnee ENABLE ALWAYS TRIGGER returnee_names_on_update`);
    // People by name, in scope: an index-only scan returns id and last_name (the rank's tie-break) for each matching
    // name, so ranking 8,000 people named Жээнбеков reads no table rows; only the page's 25 rows are read.
    await q.query(`CREATE INDEX returnee_search_text_idx ON returnee (search_text, office_id) INCLUDE (last_name, id) WHERE deleted_at IS NULL`);
    // No query uses the trigram index on the whole search_text any more; it was the most expensive index to maintain
    // on insert (imports).
    await q.query(`DROP INDEX returnee_search_text_trgm_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX returnee_search_text_trgm_idx ON returnee USING gin (search_text gin_trgm_ops)`);
    await q.query(`DROP INDEX returnee_search_text_idx`);
    await q.query(`DROP TRIGGER returnee_names_on_update ON returnee`);
    await q.query(`DROP TRIGGER returnee_names_on_insert ON returnee`);
    await q.query(`DROP FUNCTION returnee_names_collect()`);
    await q.query(`DROP TABLE returnee_name`);
    await q.query(`DROP TABLE returnee_name_word`);
    await q.query(`DROP INDEX migration_episode_latest_idx`);
    await q.query(`DROP INDEX returnee_office_oblast_idx`);
    await q.query(`DROP INDEX returnee_updated_at_idx`);
    await q.query(`DROP INDEX case_file_opened_at_idx`);
    await q.query(`DROP INDEX case_file_office_due_idx`);
  }
}
