import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { CurrentActor, Roles } from '@kaytuu/access';
import { Actor, f, filterSpec, parseListQuery, RawListQuery, UuidParam, withContentRange } from '@kaytuu/shared';
import { AssessmentDto } from './dto/assessment.dto';
import { CreateAssessmentDto } from './dto/create-assessment.dto';
import { ASSESSMENT_SORTABLE, AssessmentFilter } from './needs-assessment.repository';
import { NeedsAssessmentService } from './needs-assessment.service';
import { OCCASIONS } from './reintegration-score.entity';
import { Survey } from './rss-scoring';

type Res = { setHeader(n: string, v: string): void };

const parseFilter = filterSpec<AssessmentFilter>({ returneeId: f.uuid(), occasion: f.someOf(OCCASIONS), id: f.uuids() });

class FormVersionParam {
  @IsString() @MaxLength(40) @Matches(/^[a-z0-9-]+$/, { message: 'must be a form version such as na-kg-2' }) version: string;
}

// Scoped like returnees: office staff take and read their office's; admins read all; NGO staff have no access.
@ApiTags('assessments')
@ApiBearerAuth()
@Roles('admin', 'supervisor', 'caseworker')
@Controller('assessments')
export class NeedsAssessmentController {
  constructor(private readonly assessments: NeedsAssessmentService) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<AssessmentDto[]> {
    const q = parseListQuery(raw, { sortable: ASSESSMENT_SORTABLE, defaultSort: { field: 'takenAt', order: 'DESC' }, parseFilter });
    return withContentRange(res, 'assessments', q, await this.assessments.list(actor, q));
  }

  // declared before :id so "form" is not taken for an id; the console renders its dialog from this
  @Get('form')
  form(): Survey {
    return this.assessments.currentForm();
  }

  // an older version, to show an assessment taken under it with its own questions
  @Get('form/:version')
  formVersion(@Param() p: FormVersionParam): Survey {
    return this.assessments.form(p.version);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<AssessmentDto> {
    return this.assessments.get(actor, p.id);
  }

  @Roles('supervisor', 'caseworker')
  @Post()
  take(@CurrentActor() actor: Actor, @Body() dto: CreateAssessmentDto): Promise<AssessmentDto> {
    return this.assessments.take(actor, dto);
  }
}
