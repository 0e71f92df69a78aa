export { OutreachModule } from './outreach.module';
export { CheckinService, inTbTreatment } from './checkin.service';
export type { CheckinScheduleDto, CheckinListDto, CheckinDto } from './dto/checkin.dto';
export type { Adherence } from './outreach-rules';
