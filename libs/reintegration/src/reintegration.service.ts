import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@kaytuu/audit';
import { FollowUpService } from '@kaytuu/follow-ups';
import { ReturneeLookupService } from '@kaytuu/returnees';
import { Actor, Clock, CommonError, DomainError, ListQuery, ListResult } from '@kaytuu/shared';
import { CreateReintegrationScoreDto } from './dto/create-reintegration-score.dto';
import { ReintegrationScoreDto, toScoreDto } from './dto/reintegration-score.dto';
import { ReintegrationScoreRepository, ScoreFilter } from './reintegration-score.repository';
import { Occasion } from './reintegration-score.entity';
import { answerErrors, Answers, RSS_SURVEY, Scores, scoreAnswers, Survey } from './rss-scoring';
import { RSS_SHORT_FORM, shortFormConcerns } from './rss-short-form';

const isNotFound = (err: unknown) => err instanceof DomainError && err.status === 404;

// A score is visible exactly when its returnee is (office staff: their office; admins: all; NGO staff: never).
@Injectable()
export class ReintegrationService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly scores: ReintegrationScoreRepository,
    private readonly returnees: ReturneeLookupService,
    private readonly followUps: FollowUpService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  survey(): Survey {
    return RSS_SURVEY;
  }

  async listScores(actor: Actor, q: ListQuery<ScoreFilter>): Promise<ListResult<ReintegrationScoreDto>> {
    const returneeId = q.filter.returneeId;
    // a history belongs to one returnee; listing across returnees is the reports' job, aggregated
    if (!returneeId) throw CommonError.validation({ 'filter.returneeId': 'is required' });
    return this.ds.transaction(async (m) => {
      await this.returnees.requireInScope(actor, returneeId, m);
      const page = await this.scores.findPageOfReturnee(m, returneeId, q);
      await this.audit.record(
        actor,
        { action: 'read', entity: 'reintegration_score', entityId: null, diff: { returneeId, ids: page.rows.map((r) => r.id), total: page.total } },
        m,
      );
      return { rows: page.rows.map(toScoreDto), total: page.total };
    });
  }

  async getScore(actor: Actor, id: string): Promise<ReintegrationScoreDto> {
    return this.ds.transaction(async (m) => {
      const row = await this.scores.findById(m, id);
      if (!row) throw CommonError.notFound('Reintegration score');
      try {
        await this.returnees.requireInScope(actor, row.returneeId, m);
      } catch (err) {
        throw isNotFound(err) ? CommonError.notFound('Reintegration score') : err;
      }
      await this.audit.record(actor, { action: 'read', entity: 'reintegration_score', entityId: id, diff: { returneeId: row.returneeId } }, m);
      return toScoreDto(row);
    });
  }

  async recordScore(actor: Actor, dto: CreateReintegrationScoreDto): Promise<ReintegrationScoreDto> {
    const errors = answerErrors(RSS_SURVEY, dto.answers);
    if (Object.keys(errors).length > 0) throw CommonError.validation(errors, 'The answers do not match the survey');
    const scores = scoreAnswers(RSS_SURVEY, dto.answers);
    await this.returnees.requireInScope(actor, dto.returneeId);
    const caseId = dto.followUpId ? await this.caseOfFollowUp(actor, dto.followUpId, dto.returneeId) : null;
    return this.ds.transaction(async (m) => {
      // re-checked inside the transaction so a returnee deleted meanwhile is not scored
      await this.returnees.requireInScope(actor, dto.returneeId, m);
      const row = await this.scores.insert(m, {
        returneeId: dto.returneeId,
        caseId,
        followUpId: dto.followUpId ?? null,
        occasion: dto.occasion,
        answers: dto.answers,
        economic: String(scores.economic),
        social: String(scores.social),
        psychosocial: String(scores.psychosocial),
        overall: String(scores.overall),
        surveyVersion: RSS_SURVEY.version,
        recordedBy: actor.userId,
        selfReported: false,
        recordedAt: this.clock.now(),
      });
      await this.audit.record(
        actor,
        {
          action: 'create',
          entity: 'reintegration_score',
          entityId: row.id,
          diff: { returneeId: row.returneeId, occasion: row.occasion, overall: scores.overall },
        },
        m,
      );
      return toScoreDto(row);
    });
  }

  // The short form the returnee answered themselves at a monitoring follow-up (messaging collects the answers), in the
  // caller's transaction: scored like any survey, marked self-reported, recorded by nobody. `concerns` are the
  // questions answered below the line (shortFormConcerns), which keep the caseworker's follow-up open.
  async recordSelfReported(
    m: EntityManager,
    r: { returneeId: string; caseId: string; followUpId: string; occasion: Occasion; answers: Answers },
  ): Promise<{ id: string; scores: Scores; concerns: string[] }> {
    const errors = answerErrors(RSS_SHORT_FORM, r.answers);
    if (Object.keys(errors).length > 0) throw CommonError.validation(errors, 'The answers do not match the short form');
    const scores = scoreAnswers(RSS_SHORT_FORM, r.answers);
    const row = await this.scores.insert(m, {
      returneeId: r.returneeId,
      caseId: r.caseId,
      followUpId: r.followUpId,
      occasion: r.occasion,
      answers: r.answers,
      economic: String(scores.economic),
      social: String(scores.social),
      psychosocial: String(scores.psychosocial),
      overall: String(scores.overall),
      surveyVersion: RSS_SHORT_FORM.version,
      recordedBy: null,
      selfReported: true,
      recordedAt: this.clock.now(),
    });
    await this.audit.record(
      null,
      {
        action: 'create',
        entity: 'reintegration_score',
        entityId: row.id,
        diff: { returneeId: r.returneeId, occasion: r.occasion, overall: scores.overall, selfReported: true },
      },
      m,
    );
    return { id: row.id, scores, concerns: shortFormConcerns(r.answers) };
  }

  // The follow-up the survey was taken at must be the same returnee's and visible to the caller; its case is kept too.
  private async caseOfFollowUp(actor: Actor, followUpId: string, returneeId: string): Promise<string> {
    const invalid = () =>
      CommonError.unprocessable({ followUpId: "is not one of this returnee's follow-ups" }, 'The follow-up does not belong to this returnee');
    try {
      const fu = await this.followUps.getFollowUp(actor, followUpId);
      if (fu.returneeId !== returneeId) throw invalid();
      return fu.caseId;
    } catch (err) {
      throw isNotFound(err) ? invalid() : err;
    }
  }
}
