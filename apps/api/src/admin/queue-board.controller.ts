import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@kaytuu/access';
import { QUEUE_BOARD_COOKIE, QUEUE_BOARD_PATH } from '../http/queue-board';

type CookieRes = { cookie(name: string, value: string, opts: Record<string, unknown>): void };

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class QueueBoardController {
  // Hands the admin's current access token to the queue board as a cookie that only /admin/queues receives.
  @Roles('admin')
  @Post('queue-board-session')
  @HttpCode(204)
  openQueueBoard(@Req() req: { headers: Record<string, string | undefined> }, @Res({ passthrough: true }) res: CookieRes): void {
    const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    res.cookie(QUEUE_BOARD_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: QUEUE_BOARD_PATH, maxAge: 15 * 60 * 1000 });
  }
}
