import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@kaytuu/access';
import { Actor, UuidParam } from '@kaytuu/shared';
import { CheckinService } from './checkin.service';
import { CheckinListDto, CheckinScheduleDto, PutCheckinScheduleDto } from './dto/checkin.dto';

// TB treatment check-ins of a case: office staff who see the case's health details (its assignee, the supervisors);
// admins do no case work, NGO staff never see cases.
@ApiTags('cases')
@ApiBearerAuth()
@Roles('supervisor', 'caseworker')
@Controller()
export class CheckinController {
  constructor(private readonly checkins: CheckinService) {}

  @Get('cases/:id/checkin-schedule')
  getSchedule(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<CheckinScheduleDto> {
    return this.checkins.getSchedule(actor, p.id);
  }

  @Put('cases/:id/checkin-schedule')
  putSchedule(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: PutCheckinScheduleDto): Promise<CheckinScheduleDto> {
    return this.checkins.putSchedule(actor, p.id, dto);
  }

  @Get('cases/:id/checkins')
  list(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<CheckinListDto> {
    return this.checkins.listCheckins(actor, p.id);
  }
}
