import { appendFileSync, closeSync, openSync } from 'node:fs';
import { EventSubscriber } from 'typeorm';
import type { AfterQueryEvent, DataSourceOptions, EntitySubscriberInterface, Logger, QueryRunner } from 'typeorm';

// Opt-in SQL trace for the API benchmark (bench/api.mjs): with KAYTUU_SQL_TRACE=<file> every statement the app issues
// is appended to that file as one JSON line, parameters included, so the benchmark's raw-pg floor can replay exactly
// the same SQL. Parameters carry personal data: they go to this file (created 0600) and nowhere else — the other
// logger methods write nothing. Without the variable none of this is wired (see baseDataSourceOptions).
//
// A line is written when its statement finishes: { seq, runner, tx, sql, params, start, end, ok, rows }. `runner` numbers
// the query runner (one pooled connection; a transaction's statements share one), `tx` says whether that runner was
// inside a transaction, and start/end (ms, monotonic clock) let a replay tell statements that ran one after the other
// from those issued together (Promise.all).
export type SqlTraceLine = {
  seq: number;
  runner: number;
  tx: boolean;
  sql: string;
  params: unknown[];
  start: number;
  end: number;
  ok: boolean;
  // rows returned (null when the driver gave no row list)
  rows: number | null;
};

type Pending = { seq: number; runner: number; tx: boolean; sql: string; params: unknown[]; start: number };

class SqlTrace {
  private seq = 0;
  private runnerSeq = 0;
  private readonly runners = new WeakMap<QueryRunner, number>();
  private readonly pending = new WeakMap<QueryRunner, Pending>();

  constructor(private readonly file: string) {
    // create it private to this user before anything is appended
    closeSync(openSync(file, 'a', 0o600));
  }

  started(sql: string, params: unknown, qr: QueryRunner | undefined): void {
    if (!qr) return;
    let runner = this.runners.get(qr);
    if (runner === undefined) {
      runner = ++this.runnerSeq;
      this.runners.set(qr, runner);
    }
    this.pending.set(qr, { seq: ++this.seq, runner, tx: qr.isTransactionActive, sql, params: Array.isArray(params) ? params : [], start: performance.now() });
  }

  finished(qr: QueryRunner | undefined, ok: boolean, raw?: unknown): void {
    const end = performance.now();
    const p = qr && this.pending.get(qr);
    if (!qr || !p) return;
    this.pending.delete(qr);
    const rows = raw && typeof raw === 'object' && 'rows' in raw && Array.isArray(raw.rows) ? raw.rows.length : null;
    const line: SqlTraceLine = { ...p, start: round(p.start), end: round(end), ok, rows };
    appendFileSync(this.file, `${JSON.stringify(line)}\n`);
  }
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

class SqlTraceLogger implements Logger {
  constructor(private readonly trace: SqlTrace) {}
  logQuery(query: string, parameters?: unknown[] | object, queryRunner?: QueryRunner): void {
    this.trace.started(query, parameters, queryRunner);
  }
  logQueryError(_error: string | Error, _query: string, _parameters?: unknown[] | object, queryRunner?: QueryRunner): void {
    this.trace.finished(queryRunner, false);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

// TypeORM has no "query finished" logger hook; its afterQuery subscriber event is the one place that sees the end.
// (TypeORM instantiates only classes registered with @EventSubscriber, hence the decorator call.)
function subscriberClass(trace: SqlTrace): new () => EntitySubscriberInterface {
  class SqlTraceSubscriber implements EntitySubscriberInterface {
    afterQuery(event: AfterQueryEvent): void {
      if (event.success) trace.finished(event.queryRunner, true, event.rawResults);
    }
  }
  EventSubscriber()(SqlTraceSubscriber);
  return SqlTraceSubscriber;
}

export function sqlTraceOptions(file: string): Pick<DataSourceOptions, 'logger' | 'subscribers'> {
  const trace = new SqlTrace(file);
  return { logger: new SqlTraceLogger(trace), subscribers: [subscriberClass(trace)] };
}
