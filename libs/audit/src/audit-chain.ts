// Verifies the audit log's hash chain (sealed by the SQL function audit_seal, migration 1764600000000-AuditChain).
// Standalone on purpose: it takes any `query` function, so the API (through TypeORM) and the backup/restore check
// (a plain `pg` Client on a restored database) run the same walk.
//
// The expected hash is recomputed here, in the query text, not by a function stored in the database: an owner who
// rewrote a stored function could otherwise make forged rows verify.

export const AUDIT_GENESIS_HASH = '0'.repeat(64);
export const AUDIT_VERIFY_BATCH = 10_000;

export type AuditBreakReason = 'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap' | 'head_mismatch';
export type AuditChainBreak = { id: string; seq: string; at: string; reason: AuditBreakReason };
export type AuditChainReport = { ok: boolean; checked: number; unsealed: number; firstBroken: AuditChainBreak | null; verifiedAt: string };
// a pg Client's or TypeORM's query, e.g. (sql, params) => client.query(sql, params)
export type AuditQuery = (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }>;

// Must stay identical to the expression in audit_seal(): the row as a jsonb array of text (session-independent).
export const AUDIT_ROW_HASH_SQL = `encode(sha256(convert_to(a.prev_hash || '|' || jsonb_build_array(a.seq::text, a.id::text,
  to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), a.actor_id::text, a.action, a.entity,
  a.entity_id, a.ip, a.diff)::text, 'UTF8')), 'hex')`;

type ChainRow = { id: string; seq: string; at: Date | string; prevHash: string | null; hash: string | null; expected: string | null };

const iso = (at: Date | string): string => (at instanceof Date ? at.toISOString() : new Date(at).toISOString());

// Walks the sealed rows in seq order, AUDIT_VERIFY_BATCH at a time, and reports the first broken link: a seq that does
// not follow the previous one (a row deleted), a prev_hash that is not the previous row's hash, or a hash that does not
// match the row (a row altered). The walk ends at the head, read first (rows a concurrent audit_seal adds meanwhile are
// left for the next run), and the last row must be the head's (the tail was not cut off).
export async function verifyAuditChain(query: AuditQuery): Promise<AuditChainReport> {
  const head = (await query(`SELECT seq::text AS seq, hash FROM audit_chain_head WHERE id = 1`)).rows[0] as
    { seq: string | null; hash: string | null } | undefined;
  const headSeq = head?.seq ?? null;
  const unsealedRow = (await query(`SELECT count(*)::bigint AS n FROM audit_log WHERE seq IS NULL`)).rows[0] as { n: string };
  const unsealed = Number(unsealedRow.n);
  let checked = 0;
  let lastSeq = 0n;
  let lastHash = AUDIT_GENESIS_HASH;
  let last: ChainRow | null = null;
  const report = (firstBroken: AuditChainBreak | null): AuditChainReport => ({
    ok: firstBroken === null,
    checked,
    unsealed,
    firstBroken,
    verifiedAt: new Date().toISOString(),
  });
  const broken = (row: ChainRow, reason: AuditBreakReason): AuditChainBreak => ({ id: String(row.id), seq: String(row.seq), at: iso(row.at), reason });

  while (headSeq !== null) {
    const { rows } = (await query(
      `SELECT a.id::text AS id, a.seq::text AS seq, a.at, a.prev_hash AS "prevHash", a.hash, ${AUDIT_ROW_HASH_SQL} AS expected
       FROM audit_log a WHERE a.seq > $1::bigint AND a.seq <= $2::bigint ORDER BY a.seq LIMIT ${AUDIT_VERIFY_BATCH}`,
      [lastSeq.toString(), headSeq],
    )) as { rows: ChainRow[] };
    for (const row of rows) {
      const seq = BigInt(row.seq);
      if (seq !== lastSeq + 1n) return report(broken(row, 'seq_gap'));
      if (row.prevHash !== lastHash) return report(broken(row, 'prev_hash_mismatch'));
      if (row.hash === null || row.hash !== row.expected) return report(broken(row, 'hash_mismatch'));
      checked++;
      lastSeq = seq;
      lastHash = row.hash;
      last = row;
    }
    if (rows.length < AUDIT_VERIFY_BATCH) break;
  }

  const lastSealedSeq = last ? last.seq : null;
  if (!head || headSeq !== lastSealedSeq || (head.hash ?? null) !== (last ? last.hash : null)) {
    return report({ id: last ? String(last.id) : '', seq: headSeq ?? lastSealedSeq ?? '0', at: last ? iso(last.at) : '', reason: 'head_mismatch' });
  }
  return report(null);
}
