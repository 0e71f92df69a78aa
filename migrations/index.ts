// Append-only: add new migrations at the end, in timestamp order; never edit one that has landed. TypeORM runs them
// by timestamp whatever the order here, but a test that migrates up to one migration (MIGRATIONS.slice) takes this
// order as the order they run in.
import { AccessDirectoryAudit1764100000000 } from './1764100000000-AccessDirectoryAudit';
import { Returnees1764100001000 } from './1764100001000-Returnees';
import { Cases1764100002000 } from './1764100002000-Cases';
import { FollowUpsNotifications1764200000000 } from './1764200000000-FollowUpsNotifications';
import { Referrals1764300000000 } from './1764300000000-Referrals';
import { OrganizationSectors1764300001000 } from './1764300001000-OrganizationSectors';
import { FollowUpSource1764300002000 } from './1764300002000-FollowUpSource';
import { ReferralNotes1764300003000 } from './1764300003000-ReferralNotes';
import { ReintegrationScores1764400002000 } from './1764400002000-ReintegrationScores';
import { ScaleIndexes1764500000000 } from './1764500000000-ScaleIndexes';
import { Imports1764500001000 } from './1764500001000-Imports';
import { ImportDuplicateIndex1764500002000 } from './1764500002000-ImportDuplicateIndex';
import { AuditChain1764600000000 } from './1764600000000-AuditChain';
import { EncryptPersonalData1764600001000 } from './1764600001000-EncryptPersonalData';
import { ReferralSharedSex1764700000000 } from './1764700000000-ReferralSharedSex';
import { ImportRowErrorCodes1764700005000 } from './1764700005000-ImportRowErrorCodes';
import { HouseholdMembers1764800000000 } from './1764800000000-HouseholdMembers';
import { ReturneeNotes1764800001000 } from './1764800001000-ReturneeNotes';
import { ReintegrationPlans1764900001000 } from './1764900001000-ReintegrationPlans';
import { Documents1765000000000 } from './1765000000000-Documents';
import { RecoveryItems1765000001000 } from './1765000001000-RecoveryItems';
import { Messaging1765100000000 } from './1765100000000-Messaging';
import { SelfReportedMonitoring1765100001000 } from './1765100001000-SelfReportedMonitoring';
import { TelegramPollState1765100002000 } from './1765100002000-TelegramPollState';
import { Assistance1765200000000 } from './1765200000000-Assistance';
import { AssistanceSealedText1765200001000 } from './1765200001000-AssistanceSealedText';
import { MatchingApplications1765200002000 } from './1765200002000-MatchingApplications';
import { PlanActionAssistance1765200004000 } from './1765200004000-PlanActionAssistance';
import { NeedsAssessments1764900000000 } from './1764900000000-NeedsAssessments';
import { DashboardRollups1765300000000 } from './1765300000000-DashboardRollups';
import { ThreeMonthCheckRelease1765300001000 } from './1765300001000-ThreeMonthCheckRelease';

export const MIGRATIONS = [
  AccessDirectoryAudit1764100000000,
  Returnees1764100001000,
  Cases1764100002000,
  FollowUpsNotifications1764200000000,
  Referrals1764300000000,
  OrganizationSectors1764300001000,
  FollowUpSource1764300002000,
  ReferralNotes1764300003000,
  ReintegrationScores1764400002000,
  ScaleIndexes1764500000000,
  Imports1764500001000,
  ImportDuplicateIndex1764500002000,
  AuditChain1764600000000,
  EncryptPersonalData1764600001000,
  ReferralSharedSex1764700000000,
  ImportRowErrorCodes1764700005000,
  HouseholdMembers1764800000000,
  ReturneeNotes1764800001000,
  NeedsAssessments1764900000000,
  ReintegrationPlans1764900001000,
  Documents1765000000000,
  RecoveryItems1765000001000,
  Messaging1765100000000,
  SelfReportedMonitoring1765100001000,
  TelegramPollState1765100002000,
  Assistance1765200000000,
  AssistanceSealedText1765200001000,
  MatchingApplications1765200002000,
  PlanActionAssistance1765200004000,
  DashboardRollups1765300000000,
  ThreeMonthCheckRelease1765300001000,
];
