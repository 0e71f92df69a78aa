import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { AccessModule, UserService } from '@kaytuu/access';
import { AuditModule } from '@kaytuu/audit';
import { DirectoryModule, DirectoryService } from '@kaytuu/directory';
import { errorReportFileName, ImportCommitService, ImportDto, ImportService, ImportsModule, ImportValidationService } from '@kaytuu/imports';
import { Actor, AppConfigModule, ClockModule, CryptoModule, DatabaseModule, OBLASTS, Oblast, QueueModule, runMigrations } from '@kaytuu/shared';

// `npm run import -- file.csv [--office <id|oblast>] [--mode all_or_nothing|valid_rows] [--as <email>] [--yes]`:
// the same services as POST /api/imports, in-process against DATABASE_URL (no worker, no queue): stage, validate,
// print the preview and the first problems, write the error report next to the file, then import with --yes (or after
// a y/N question on a terminal). Exit code 1 on a bad file or a refused import, 2 on bad arguments.

@Module({ imports: [AppConfigModule, DatabaseModule, CryptoModule, QueueModule, ClockModule, AuditModule, AccessModule, DirectoryModule, ImportsModule] })
class ImportCliModule {}

const USAGE = 'usage: npm run import -- file.csv [--office <id|oblast>] [--mode all_or_nothing|valid_rows] [--as <email>] [--yes]';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class UsageError extends Error {}

function progressBar(label: string) {
  const tty = process.stderr.isTTY;
  let last = -1;
  return ({ processed, total }: { processed: number; total: number }) => {
    const pct = total ? Math.floor((processed / total) * 100) : 100;
    if (pct === last) return;
    last = pct;
    const text = `${label}: ${processed}/${total} (${pct}%)`;
    if (tty) process.stderr.write(`\r${text}   `);
    else if (pct % 10 === 0) process.stderr.write(`${text}\n`);
  };
}

async function resolveActor(users: UserService, email: string | undefined): Promise<Actor> {
  if (email) {
    const u = await users.findByEmail(email);
    if (!u || !u.active) throw new UsageError(`no active user ${email}`);
    return { userId: u.id, role: u.role, officeId: u.officeId, organizationId: u.organizationId, ip: null };
  }
  const [adminId] = await users.activeUserIds({ role: 'admin' });
  if (!adminId) throw new UsageError('no active admin in this database; name a user with --as <email>');
  return { userId: adminId, role: 'admin', officeId: null, organizationId: null, ip: null };
}

async function resolveOffice(directory: DirectoryService, office: string | undefined): Promise<string | undefined> {
  if (!office || UUID_RE.test(office)) return office;
  if (!(OBLASTS as readonly string[]).includes(office)) throw new UsageError(`--office must be an office id or an oblast (${OBLASTS.join(', ')})`);
  const { rows } = await directory.listOffices({ filter: { oblast: office as Oblast }, sort: { field: 'name', order: 'ASC' }, offset: 0, limit: 2 });
  if (rows.length !== 1) throw new UsageError(`${rows.length === 0 ? 'no office' : 'several offices'} in ${office}; pass the office id`);
  return rows[0].id;
}

function printPreview(imp: ImportDto): void {
  const c = imp.counts;
  console.log(`Preview of ${imp.fileName}: ${c.rows} rows, ${c.valid} valid, ${c.invalid} invalid, ${c.duplicates} duplicates`);
}

async function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^(y|yes|д|да|о|ооба)$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      office: { type: 'string' },
      mode: { type: 'string', default: 'all_or_nothing' },
      as: { type: 'string' },
      yes: { type: 'boolean', default: false },
    },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError(USAGE);
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no such file: ${file}`);
  const mode = values.mode;
  if (mode !== 'all_or_nothing' && mode !== 'valid_rows') throw new UsageError('--mode must be all_or_nothing or valid_rows');
  if (!process.env.DATABASE_URL) throw new UsageError('DATABASE_URL is not set');
  // the shared config insists on a signing secret; this process signs no tokens
  process.env.JWT_SECRET ||= `import-cli-${process.pid}-${Date.now()}-unused`;
  await runMigrations(process.env.DATABASE_URL);

  const app = await NestFactory.createApplicationContext(ImportCliModule, { logger: ['error'] });
  try {
    const imports = app.get(ImportService);
    const actor = await resolveActor(app.get(UserService), values.as);
    const officeId = await resolveOffice(app.get(DirectoryService), values.office);
    if (statSync(file).size > imports.config.maxBytes) throw new UsageError(`the file is larger than IMPORT_MAX_BYTES (${imports.config.maxBytes} bytes)`);

    const uploaded = await imports.uploadImport(
      actor,
      { file: createReadStream(file), fileName: basename(file), fields: Promise.resolve({ officeId }) },
      { enqueue: false },
    );
    await app.get(ImportValidationService).validateImport(uploaded.id, progressBar('Validating'));
    process.stderr.write('\n');
    const preview = await imports.getImport(actor, uploaded.id);
    printPreview(preview);

    const problems = await imports.listRows(actor, uploaded.id, { problem: 'any', offset: 0, limit: 10 });
    for (const r of problems.rows) {
      const why = Object.entries(r.errors).map(([k, v]) => `${k}: ${v}`);
      if (r.duplicateOf) {
        why.push(
          `duplicate (${r.duplicateOf.kind}) of ${r.duplicateOf.code ?? (r.duplicateOf.line ? `line ${r.duplicateOf.line}` : 'a record in another office')}`,
        );
      }
      console.log(`  line ${r.line} ${r.name}: ${why.join('; ')}`);
    }
    if (problems.total > 0) {
      const report = join(dirname(file), errorReportFileName({ fileName: basename(file) }));
      const sink = Object.assign(createWriteStream(report), { setHeader: () => undefined });
      await imports.streamErrorReport(actor, uploaded.id, sink);
      console.log(`Error report (${problems.total} rows): ${report}`);
    }
    if (mode === 'all_or_nothing' && problems.total > 0) {
      await imports.cancelImport(actor, uploaded.id);
      console.log('Nothing imported: all_or_nothing needs a file without invalid or duplicate rows (try --mode valid_rows).');
      return 1;
    }
    const go = values.yes || (process.stdin.isTTY && (await ask(`Import ${preview.counts.valid} returnees? [y/N] `)));
    if (!go) {
      await imports.cancelImport(actor, uploaded.id);
      console.log('Nothing imported.');
      return values.yes || process.stdin.isTTY ? 0 : 1;
    }
    await imports.confirmImport(actor, uploaded.id, { mode }, { enqueue: false });
    await app.get(ImportCommitService).runImport(uploaded.id, progressBar('Importing'));
    process.stderr.write('\n');
    const done = await imports.getImport(actor, uploaded.id);
    console.log(`Import ${done.status}: ${done.counts.imported} returnees imported${done.error ? ` (${done.error})` : ''}`);
    return done.status === 'done' ? 0 : 1;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const usage = err instanceof UsageError;
    console.error(`import failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(usage ? 2 : 1);
  },
);
