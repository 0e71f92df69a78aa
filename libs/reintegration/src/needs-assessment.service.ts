import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UserService } from '@kaytuu/access';
import { AuditService } from '@kaytuu/audit';
import { FollowUpService } from '@kaytuu/follow-ups';
import { ReturneeLookupService } from '@kaytuu/returnees';
import { AAD, Actor, Clock, CommonError, DomainError, FieldCipher, ListQuery, ListResult } from '@kaytuu/shared';
import { AssessmentDto, toAssessmentDto } from './dto/assessment.dto';
import { CreateAssessmentDto } from './dto/create-assessment.dto';
import { NEEDS_FORM, NEEDS_FORMS, needsForm } from './needs-assessment-forms';
import { NeedsAssessment } from './needs-assessment.entity';
import { AssessmentFilter, NeedsAssessmentRepository } from './needs-assessment.repository';
import { answerErrors, priorityDimensions, scoreAnswers, Survey } from './rss-scoring';

// The AAD of the sealed answers: a ciphertext copied into another column does not open.
export const ASSESSMENT_ANSWERS_AAD = AAD.needsAssessmentAnswers;
// a little slack for the clocks of the browser and the server
const FUTURE_SLACK_MS = 60_000;

const isNotFound = (err: unknown) => err instanceof DomainError && err.status === 404;

// Needs assessments over the three dimensions, scored by the one engine (rss-scoring.ts) against the form version
// they were taken under. Visible exactly when the returnee is (office staff: their office; admins: all, read only;
// NGO staff: never). Only ever inserted: a mistaken assessment is followed by a new one. Every read and write leaves
// an audit row naming the assessments and their scores, never the answers.
@Injectable()
export class NeedsAssessmentService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly assessments: NeedsAssessmentRepository,
    private readonly returnees: ReturneeLookupService,
    private readonly followUps: FollowUpService,
    private readonly users: UserService,
    private readonly audit: AuditService,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
  ) {}

  currentForm(): Survey {
    return NEEDS_FORM;
  }

  form(version: string): Survey {
    const form = needsForm(version);
    if (!form) throw CommonError.notFound('Assessment form version');
    return form;
  }

  async list(actor: Actor, q: ListQuery<AssessmentFilter>): Promise<ListResult<AssessmentDto>> {
    const returneeId = q.filter.returneeId;
    // a history belongs to one returnee; across returnees it is the reports' job, aggregated
    if (!returneeId) throw CommonError.validation({ 'filter.returneeId': 'is required' });
    return this.ds.transaction(async (m) => {
      await this.returnees.requireInScope(actor, returneeId, m);
      const page = await this.assessments.findPageOfReturnee(m, returneeId, q);
      await this.audit.record(
        actor,
        { action: 'read', entity: 'needs_assessment', entityId: null, diff: { returneeId, ids: page.rows.map((r) => r.id), total: page.total } },
        m,
      );
      return { rows: await this.present(page.rows), total: page.total };
    });
  }

  async get(actor: Actor, id: string): Promise<AssessmentDto> {
    return this.ds.transaction(async (m) => {
      const row = await this.assessments.findById(m, id);
      if (!row) throw CommonError.notFound('Assessment');
      try {
        await this.returnees.requireInScope(actor, row.returneeId, m);
      } catch (err) {
        throw isNotFound(err) ? CommonError.notFound('Assessment') : err;
      }
      await this.audit.record(actor, { action: 'read', entity: 'needs_assessment', entityId: id, diff: { returneeId: row.returneeId } }, m);
      return (await this.present([row]))[0];
    });
  }

  async take(actor: Actor, dto: CreateAssessmentDto): Promise<AssessmentDto> {
    const form = needsForm(dto.formVersion);
    if (!form) throw CommonError.validation({ formVersion: `must be one of: ${[...NEEDS_FORMS.keys()].join(', ')}` }, 'Unknown form version');
    const now = this.clock.now();
    const takenAt = dto.takenAt ? new Date(dto.takenAt) : now;
    const errors = answerErrors(form, dto.answers);
    if (Number.isNaN(takenAt.getTime())) errors.takenAt = 'must be an ISO 8601 date and time';
    else if (takenAt.getTime() > now.getTime() + FUTURE_SLACK_MS) errors.takenAt = 'must not be in the future';
    if (Object.keys(errors).length > 0) throw CommonError.validation(errors, 'The answers do not match the form');
    const scores = scoreAnswers(form, dto.answers);
    const dims = { economic: scores.economic, social: scores.social, psychosocial: scores.psychosocial };
    const returnee = await this.returnees.requireInScope(actor, dto.returneeId);
    if (dto.followUpId) await this.checkFollowUp(actor, dto);
    return this.ds.transaction(async (m) => {
      // re-checked inside the transaction so a returnee deleted meanwhile is not assessed
      await this.returnees.requireInScope(actor, dto.returneeId, m);
      const row = await this.assessments.insert(m, {
        returneeId: dto.returneeId,
        officeId: returnee.officeId,
        formVersion: form.version,
        answersEnc: this.cipher.encryptJson(dto.answers, ASSESSMENT_ANSWERS_AAD),
        economic: String(scores.economic),
        social: String(scores.social),
        psychosocial: String(scores.psychosocial),
        composite: String(scores.overall),
        priorities: priorityDimensions(dims),
        selfReported: dto.selfReported ?? false,
        occasion: dto.occasion,
        followUpId: dto.followUpId ?? null,
        takenAt,
        takenBy: actor.userId,
      });
      await this.audit.record(
        actor,
        {
          action: 'create',
          entity: 'needs_assessment',
          entityId: row.id,
          diff: { returneeId: row.returneeId, formVersion: row.formVersion, occasion: row.occasion, scores: dims, composite: scores.overall },
        },
        m,
      );
      return toAssessmentDto(row, dto.answers, await this.takerName(row.takenBy));
    });
  }

  // The follow-up it was taken at must be the same returnee's and visible to the caller; a monitoring follow-up's
  // kind must match a monitoring occasion.
  private async checkFollowUp(actor: Actor, dto: CreateAssessmentDto): Promise<void> {
    const invalid = (why = "is not one of this returnee's follow-ups") =>
      CommonError.unprocessable({ followUpId: why }, 'The follow-up does not fit this assessment');
    let kind: string;
    try {
      const fu = await this.followUps.getFollowUp(actor, dto.followUpId as string);
      if (fu.returneeId !== dto.returneeId) throw invalid();
      kind = fu.kind;
    } catch (err) {
      throw isNotFound(err) ? invalid() : err;
    }
    if (kind.startsWith('monitoring_') && dto.occasion.startsWith('monitoring_') && kind !== dto.occasion) {
      throw invalid(`is a ${kind} follow-up, not ${dto.occasion}`);
    }
  }

  private async present(rows: NeedsAssessment[]): Promise<AssessmentDto[]> {
    const ids = [...new Set(rows.map((r) => r.takenBy))];
    const names = ids.length ? await this.users.namesByIds(ids) : new Map<string, string>();
    return rows.map((r) =>
      toAssessmentDto(r, this.cipher.decryptJson<Record<string, string>>(r.answersEnc, ASSESSMENT_ANSWERS_AAD), names.get(r.takenBy) ?? null),
    );
  }

  private async takerName(id: string): Promise<string | null> {
    return (await this.users.namesByIds([id])).get(id) ?? null;
  }
}
