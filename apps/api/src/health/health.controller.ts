import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '@kaytuu/access';
import { Queues } from '@kaytuu/shared';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly ds: DataSource, private readonly queues: Queues) {}

  // 200 when the database and the queue backend both answer, 503 otherwise; no personal data here.
  @Public()
  @Get()
  async health(@Res({ passthrough: true }) res: { status(n: number): void }) {
    const db = await this.ds.query('SELECT 1').then(() => ({ ok: true }), (e: unknown) => ({ ok: false, error: e instanceof Error ? e.message : 'unreachable' }));
    const queue = await this.queues.health();
    const ok = db.ok && queue.ok;
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'error', db, queue };
  }
}
