import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, f, filterSpec, parseListQuery, RawListQuery, UuidParam, withContentRange } from '@kaytuu/shared';
import { CurrentActor } from '@kaytuu/access';
import { MarkNotificationReadDto, NotificationDto } from './notification.dto';
import { NOTIFICATION_KINDS } from './notification.entity';
import { NOTIFICATION_SORTABLE, NotificationFilter } from './notification.repository';
import { NotificationService } from './notification.service';

type Res = { setHeader(n: string, v: string): void };
const notificationFilter = filterSpec<NotificationFilter>({ unread: f.boolean(), kind: f.oneOf(NOTIFICATION_KINDS), id: f.uuids() });

// Every signed-in role has a bell; each route works on the caller's own notifications only.
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationController {
  constructor(private readonly notifications: NotificationService) {}

  @Get()
  async list(@CurrentActor() a: Actor, @Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<NotificationDto[]> {
    const q = parseListQuery(raw, { sortable: NOTIFICATION_SORTABLE, defaultSort: { field: 'createdAt', order: 'DESC' }, parseFilter: notificationFilter });
    return withContentRange(res, 'notifications', q, await this.notifications.listMine(a.userId, q));
  }

  // declared before ':id' so the literal paths win
  @Get('unread-count')
  async unreadCount(@CurrentActor() a: Actor): Promise<{ count: number }> {
    return { count: await this.notifications.unreadCount(a.userId) };
  }

  @Post('read-all')
  @HttpCode(200)
  async readAll(@CurrentActor() a: Actor): Promise<{ updated: number }> {
    return { updated: await this.notifications.markAllRead(a.userId) };
  }

  @Get(':id')
  get(@CurrentActor() a: Actor, @Param() p: UuidParam): Promise<NotificationDto> {
    return this.notifications.getMine(a.userId, p.id);
  }

  @Put(':id')
  markRead(@CurrentActor() a: Actor, @Param() p: UuidParam, @Body() dto: MarkNotificationReadDto): Promise<NotificationDto> {
    return this.notifications.markRead(a.userId, p.id, dto.read);
  }
}
