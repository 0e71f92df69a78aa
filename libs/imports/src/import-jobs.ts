import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Actor, QUEUE_NAMES, Queues, Role } from '@kaytuu/shared';
import { ImportRecord, ImportRepository } from './import.repository';

export const IMPORT_JOBS = { validate: 'validate', import: 'import' } as const;
export type ImportJob = (typeof IMPORT_JOBS)[keyof typeof IMPORT_JOBS];
export type ImportJobData = { importId: string };
export type ProgressListener = (progress: { processed: number; total: number }) => void | Promise<void>;

// An import and its queue: the two jobs are added under ids of their own (a re-add is a no-op), and an import whose
// job could not be queued or gave up fails, keeping only its error rows. Only the import's id travels through the queue.
@Injectable()
export class ImportJobs {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly imports: ImportRepository,
    private readonly queues: Queues,
  ) {}

  async enqueue(id: string, job: ImportJob): Promise<void> {
    try {
      await this.queues.get(QUEUE_NAMES.imports).add(job, { importId: id } satisfies ImportJobData, { jobId: `${id}-${job}`, attempts: 3 });
    } catch (err) {
      await this.failImport(id, 'The import could not be queued; upload the file again');
      throw err;
    }
  }

  // A job that gave up (or an upload whose job could not be queued): the import fails; only error rows stay.
  async failImport(importId: string, message: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      await this.imports.markFailed(m, importId, message);
      await this.imports.deleteCleanRows(m, importId);
    });
  }
}

// The jobs act as the user who uploaded the file: the same duplicate scope and the same name in the audit rows.
export function uploaderOf(imp: ImportRecord): Actor {
  const role = imp.createdByRole as Role;
  return { userId: imp.createdBy, role, officeId: role === 'admin' ? null : imp.officeId, organizationId: null, ip: imp.createdIp };
}

// How long a step of a job took, for its debug log.
export const elapsed = (a: number, b: number) => `${Math.round(b - a)} ms`;
