import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@kaytuu/access';
import { Actor, CommonError, f, filterSpec, parseListQuery, RawListQuery, UuidParam, withContentRange } from '@kaytuu/shared';
import { PlanDto, PlanReviewDto, PlanVersionSummaryDto } from './dto/plan.dto';
import { ClosePlanDto, CreatePlanDto, CreateReviewDto, ReturnPlanDto, SignPlanDto, UpdatePlanDto } from './dto/plan-input.dto';
import { dayInBishkek } from './dto/plan-rules';
import { PLAN_STATUSES } from './plan.entity';
import { pdfFileName, pdfLanguageOf, renderPlanPdf } from './plan-pdf';
import { PLAN_SORTABLE, PlanFilter } from './plan.repository';
import { PlansService } from './plans.service';

type Res = { setHeader(n: string, v: string): void };
type PdfRes = Res & { end(b: Buffer): void };

const parseFilter = filterSpec<PlanFilter>({
  returneeId: f.uuid(),
  status: f.someOf(PLAN_STATUSES),
  current: f.boolean(),
  awaitingApproval: f.boolean(),
  id: f.uuids(),
});

// Individual reintegration plans: office staff of the returnee's office write; admins read; NGO staff read the goals
// and actions involving their organisation (list and one version only). The service checks each role's rights.
@ApiTags('plans')
@ApiBearerAuth()
@Roles('admin', 'supervisor', 'caseworker', 'ngo_staff')
@Controller('plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() raw: RawListQuery, @Res({ passthrough: true }) res: Res): Promise<PlanDto[]> {
    const q = parseListQuery(raw, { sortable: PLAN_SORTABLE, defaultSort: { field: 'createdAt', order: 'DESC' }, parseFilter });
    return withContentRange(res, 'plans', q, await this.plans.list(actor, q));
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<PlanDto> {
    return this.plans.get(actor, p.id);
  }

  @Get(':id/versions')
  @Roles('admin', 'supervisor', 'caseworker')
  versions(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<PlanVersionSummaryDto[]> {
    return this.plans.versions(actor, p.id);
  }

  @Get(':id/reviews')
  @Roles('admin', 'supervisor', 'caseworker')
  reviews(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<PlanReviewDto[]> {
    return this.plans.reviews(actor, p.id);
  }

  // application/pdf in Kyrgyz or Russian (default: the returnee's language); the download is audited (export)
  @Get(':id/pdf')
  @Roles('admin', 'supervisor', 'caseworker')
  @ApiProduces('application/pdf')
  @ApiQuery({ name: 'lang', required: false, enum: ['ky', 'ru'] })
  async pdf(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Query('lang') lang: unknown, @Res() res: PdfRes): Promise<void> {
    if (lang !== undefined && lang !== 'ky' && lang !== 'ru') throw CommonError.validation({ lang: 'must be one of: ky, ru' });
    const { plan, header, officeName } = await this.plans.forPrint(actor, p.id);
    const buf = await renderPlanPdf({
      plan,
      returneeName: header?.fullName ?? plan.returneeName,
      returneeCode: header?.code ?? plan.returneeCode,
      officeName,
      lang: pdfLanguageOf(lang, header?.languages ?? []),
      printedOn: dayInBishkek(new Date()),
    });
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${pdfFileName(plan.returneeCode, plan.version)}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.end(buf);
  }

  @Post()
  @Roles('supervisor', 'caseworker')
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePlanDto): Promise<PlanDto> {
    return this.plans.create(actor, dto);
  }

  @Put(':id')
  @Roles('supervisor', 'caseworker')
  update(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: UpdatePlanDto): Promise<PlanDto> {
    return this.plans.update(actor, p.id, dto);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('supervisor', 'caseworker')
  submit(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<PlanDto> {
    return this.plans.submit(actor, p.id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('supervisor', 'caseworker')
  approve(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<PlanDto> {
    return this.plans.approve(actor, p.id);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles('supervisor', 'caseworker')
  returnPlan(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: ReturnPlanDto): Promise<PlanDto> {
    return this.plans.returnPlan(actor, p.id, dto.comment);
  }

  @Post(':id/revise')
  @Roles('supervisor', 'caseworker')
  revise(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<PlanDto> {
    return this.plans.revise(actor, p.id);
  }

  @Post(':id/signature')
  @HttpCode(200)
  @Roles('supervisor', 'caseworker')
  sign(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: SignPlanDto): Promise<PlanDto> {
    return this.plans.sign(actor, p.id, dto.signedOn);
  }

  @Post(':id/reviews')
  @Roles('supervisor', 'caseworker')
  review(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: CreateReviewDto): Promise<PlanReviewDto> {
    return this.plans.review(actor, p.id, dto);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Roles('supervisor', 'caseworker')
  complete(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<PlanDto> {
    return this.plans.complete(actor, p.id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('supervisor', 'caseworker')
  close(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: ClosePlanDto): Promise<PlanDto> {
    return this.plans.close(actor, p.id, dto.reason);
  }
}
