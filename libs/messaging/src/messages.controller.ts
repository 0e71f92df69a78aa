import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@kaytuu/access';
import { Actor, f, filterSpec, parseListQuery, RawListQuery, UuidParam, withContentRange } from '@kaytuu/shared';
import {
  MessageDto,
  MessageStatsDto,
  MessageStatsQueryDto,
  MessageTemplateDto,
  SendMessageDto,
  SENDABLE_TEMPLATE_KEYS,
  toMessageTemplateDto,
} from './dto/message.dto';
import { MESSAGE_CHANNELS, MESSAGE_DIRECTIONS, MESSAGE_STATUSES } from './entities/message.entity';
import { MESSAGE_SORTABLE, MessageFilter } from './message.repository';
import { MessagesService } from './messages.service';

type Res = { setHeader(n: string, v: string): void };

const parseFilter = filterSpec<MessageFilter>({
  returneeId: f.uuid(),
  officeId: f.uuid(),
  status: f.someOf(MESSAGE_STATUSES),
  channel: f.someOf(MESSAGE_CHANNELS),
  direction: f.oneOf(MESSAGE_DIRECTIONS),
  from: f.date(),
  to: f.date(),
  id: f.uuids(),
});

const parseTemplateFilter = filterSpec<{ id?: string[] }>({ id: f.someOf(SENDABLE_TEMPLATE_KEYS) });

// Messages to and from returnees: office staff of the returnee's office (admins do no case work; NGO staff and donors
// never); the delivery figures for supervisors (their office) and admins (any).
@ApiTags('messages')
@ApiBearerAuth()
@Controller()
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get('messages')
  @Roles('supervisor', 'caseworker')
  async list(@CurrentActor() actor: Actor, @Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<MessageDto[]> {
    const q = parseListQuery(raw, { sortable: MESSAGE_SORTABLE, defaultSort: { field: 'createdAt', order: 'DESC' }, parseFilter });
    return withContentRange(res, 'messages', q, await this.messages.list(actor, q));
  }

  // The templates the composer offers (every one a caseworker may send), in the list dialect.
  @Get('message-templates')
  @Roles('supervisor', 'caseworker')
  templates(@Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): MessageTemplateDto[] {
    const q = parseListQuery(raw, { sortable: ['id'], defaultSort: { field: 'id', order: 'ASC' }, parseFilter: parseTemplateFilter });
    const keys = SENDABLE_TEMPLATE_KEYS.filter((k) => !q.filter.id || q.filter.id.includes(k)).sort();
    if (q.sort.order === 'DESC') keys.reverse();
    const rows = keys.slice(q.offset, q.offset + q.limit).map(toMessageTemplateDto);
    return withContentRange(res, 'message-templates', q, { rows, total: keys.length });
  }

  @Get('messages/stats')
  @Roles('admin', 'supervisor')
  stats(@CurrentActor() actor: Actor, @Query() q: MessageStatsQueryDto): Promise<MessageStatsDto> {
    return this.messages.stats(actor, q);
  }

  @Get('messages/:id')
  @Roles('supervisor', 'caseworker')
  get(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<MessageDto> {
    return this.messages.get(actor, p.id);
  }

  @Post('returnees/:id/messages')
  @Roles('supervisor', 'caseworker')
  send(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: SendMessageDto): Promise<MessageDto> {
    return this.messages.send(actor, p.id, dto);
  }
}
