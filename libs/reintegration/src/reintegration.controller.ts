import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@kaytuu/access';
import { Actor, f, filterSpec, parseListQuery, RawListQuery, UuidParam, withContentRange } from '@kaytuu/shared';
import { CreateReintegrationScoreDto } from './dto/create-reintegration-score.dto';
import { ReintegrationScoreDto } from './dto/reintegration-score.dto';
import { SCORE_SORTABLE, ScoreFilter } from './reintegration-score.repository';
import { ReintegrationService } from './reintegration.service';
import { Survey } from './rss-scoring';

type Res = { setHeader(n: string, v: string): void };

const parseFilter = filterSpec<ScoreFilter>({ returneeId: f.uuid(), id: f.uuids() });

// Scoped like returnees: office staff record and read their office's; admins read all; NGO staff have no access.
@ApiTags('reintegration-scores')
@ApiBearerAuth()
@Roles('admin', 'supervisor', 'caseworker')
@Controller('reintegration-scores')
export class ReintegrationController {
  constructor(private readonly reintegration: ReintegrationService) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<ReintegrationScoreDto[]> {
    const q = parseListQuery(raw, { sortable: SCORE_SORTABLE, defaultSort: { field: 'recordedAt', order: 'DESC' }, parseFilter });
    return withContentRange(res, 'reintegration-scores', q, await this.reintegration.listScores(actor, q));
  }

  // declared before :id so "survey" is not taken for an id; the console renders its form from this
  @Get('survey')
  survey(): Survey {
    return this.reintegration.survey();
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<ReintegrationScoreDto> {
    return this.reintegration.getScore(actor, p.id);
  }

  @Roles('supervisor', 'caseworker')
  @Post()
  record(@CurrentActor() actor: Actor, @Body() dto: CreateReintegrationScoreDto): Promise<ReintegrationScoreDto> {
    return this.reintegration.recordScore(actor, dto);
  }
}
