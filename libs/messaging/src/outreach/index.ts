export { OutreachModule } from './outreach.module';
export { CheckinService, inTbTreatment } from './checkin.service';
export { PutCheckinScheduleDto, type CheckinScheduleDto, type CheckinListDto, type CheckinDto } from './dto/checkin.dto';
export type { Adherence } from './outreach-rules';
