import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// What other contexts' rules ask of a returnee's plan (assistance: eligibility "has an approved plan", and the goal an
// item is linked to). Only yes/no leaves: the caller has required the returnee in scope and audits its decision.
@Injectable()
export class PlanFactsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // An approved version is in force (approved, under review, or reviewed; not completed or closed).
  async hasApprovedPlan(returneeId: string, m: EntityManager = this.ds.manager): Promise<boolean> {
    if (!UUID_RE.test(returneeId)) return false;
    const rows = (await m.query(`SELECT 1 FROM plan_version WHERE returnee_id = $1 AND in_force LIMIT 1`, [returneeId])) as unknown[];
    return rows.length > 0;
  }

  // Whether the goal belongs to one of the returnee's plan versions.
  async isGoalOf(goalId: string, returneeId: string, m: EntityManager = this.ds.manager): Promise<boolean> {
    if (!UUID_RE.test(goalId) || !UUID_RE.test(returneeId)) return false;
    const rows = (await m.query(`SELECT 1 FROM plan_goal g JOIN plan_version p ON p.id = g.plan_version_id WHERE g.id = $1 AND p.returnee_id = $2`, [
      goalId,
      returneeId,
    ])) as unknown[];
    return rows.length > 0;
  }
}
