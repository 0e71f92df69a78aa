import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { MonitoringSelfReport } from './monitoring-self-report.entity';

@Injectable()
export class MonitoringSelfReportRepository {
  // One row per monitoring follow-up, written when its first question is queued; an existing one is kept.
  async ensure(
    m: EntityManager,
    r: Pick<MonitoringSelfReport, 'followUpId' | 'returneeId' | 'officeId' | 'caseId' | 'occasion'>,
  ): Promise<MonitoringSelfReport> {
    await m.query(
      `INSERT INTO monitoring_self_report (follow_up_id, returnee_id, office_id, case_id, occasion) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (follow_up_id) DO NOTHING`,
      [r.followUpId, r.returneeId, r.officeId, r.caseId, r.occasion],
    );
    return m.getRepository(MonitoringSelfReport).findOneByOrFail({ followUpId: r.followUpId });
  }

  lock(m: EntityManager, followUpId: string): Promise<MonitoringSelfReport | null> {
    return m
      .getRepository(MonitoringSelfReport)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.follow_up_id = :followUpId', { followUpId })
      .getOne();
  }

  async saveAnswer(m: EntityManager, followUpId: string, answers: Record<string, string>, nextQuestion: number): Promise<void> {
    await m.query(`UPDATE monitoring_self_report SET answers = $2, next_question = $3, updated_at = now() WHERE follow_up_id = $1`, [
      followUpId,
      JSON.stringify(answers),
      nextQuestion,
    ]);
  }

  async complete(m: EntityManager, followUpId: string, answers: Record<string, string>, nextQuestion: number, scoreId: string, at: Date): Promise<void> {
    await m.query(
      `UPDATE monitoring_self_report SET answers = $2, next_question = $3, score_id = $4, completed_at = $5, updated_at = now() WHERE follow_up_id = $1`,
      [followUpId, JSON.stringify(answers), nextQuestion, scoreId, at],
    );
  }
}
