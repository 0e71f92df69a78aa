import { MigrationInterface, QueryRunner } from 'typeorm';

// A plan action may link to an assistance item (kind 'assistance', issue 16 meets issue 19): the kind check gains it.
// Existing rows all have one of the kinds allowed before, so the new check holds for them; ref_id stays required for
// every kind but 'task' (plan_action_ref_check). Which item, and that it is the plan's returnee's, the application
// checks (the item lives in another context; no foreign key, as for the other links).
export class PlanActionAssistance1765200004000 implements MigrationInterface {
  name = 'PlanActionAssistance1765200004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE plan_action DROP CONSTRAINT plan_action_kind_check`);
    await q.query(`ALTER TABLE plan_action ADD CONSTRAINT plan_action_kind_check CHECK (kind IN ('case','referral','follow_up','assistance','task'))`);
  }

  // Refused while actions link to assistance items: dropping them would rewrite signed plans.
  async down(q: QueryRunner): Promise<void> {
    const [{ n }] = (await q.query(`SELECT count(*)::int AS n FROM plan_action WHERE kind = 'assistance'`)) as Array<{ n: number }>;
    if (n > 0) throw new Error(`${n} plan actions link to assistance items; remove them from their plans before reverting`);
    await q.query(`ALTER TABLE plan_action DROP CONSTRAINT plan_action_kind_check`);
    await q.query(`ALTER TABLE plan_action ADD CONSTRAINT plan_action_kind_check CHECK (kind IN ('case','referral','follow_up','task'))`);
  }
}
