import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, UuidParam } from '@kaytuu/shared';
import { CurrentActor, Roles } from '@kaytuu/access';
import { FollowUpDto } from './dto/follow-up.dto';
import { ApplyFollowUpPlanDto, FollowUpPlanDto } from './dto/follow-up-plan.dto';
import { FollowUpPathwayService } from './follow-up-pathway.service';

// The follow-up plan a case's pathway offers (TB), read on the case and applied as a batch of follow-ups.
// Case work: staff only (admins read cases but do no case work; NGO staff have no access).
@ApiTags('follow-ups')
@ApiBearerAuth()
@Roles('supervisor', 'caseworker')
@Controller()
export class FollowUpPlanController {
  constructor(private readonly pathways: FollowUpPathwayService) {}

  @Get('cases/:id/follow-up-plan')
  plan(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<FollowUpPlanDto> {
    return this.pathways.getPlan(actor, p.id);
  }

  @Post('follow-ups/plan')
  apply(@CurrentActor() actor: Actor, @Body() dto: ApplyFollowUpPlanDto): Promise<FollowUpDto[]> {
    return this.pathways.applyPlan(actor, dto);
  }
}
