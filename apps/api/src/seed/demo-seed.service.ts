import { Injectable, Logger, Type, ValidationPipe } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CreateUserDto, UserService } from '@kaytuu/access';
import { AssistanceService, MatchingService, ProgrammeService } from '@kaytuu/assistance';
import { CaseService, CreateCaseDto, UpdateCaseDto } from '@kaytuu/cases';
import { CreateOfficeDto, CreateOrganizationDto, DirectoryService } from '@kaytuu/directory';
import { CreateHouseholdMemberDto, CreateReturneeDto, HouseholdService, ReturneeService } from '@kaytuu/returnees';
import { CreateReferralDto, ReferralService, UpdateReferralDto } from '@kaytuu/referrals';
import { CreateNoteDto, NotesService } from '@kaytuu/notes';
import { CreatePlanDto, CreateReviewDto, PlansService, ReturnPlanDto, ClosePlanDto, SignPlanDto, UpdatePlanDto } from '@kaytuu/plans';
import { CreateAssessmentDto, NeedsAssessmentService } from '@kaytuu/reintegration';
import { DocumentsService } from '@kaytuu/documents';
import { CheckinService, MessagingService } from '@kaytuu/messaging';
import { RecoveryService } from '@kaytuu/recovery';
import { Actor, SYSTEM_ACTOR } from '@kaytuu/shared';
import { createValidationPipe } from '../http/validation.pipe';
import { demoAssessments } from './demo-assessment';
import { seedAssistance } from './demo-assistance';
import { demoHouseholds } from './demo-household';
import { demoNotes } from './demo-notes';
import { demoPlans } from './demo-plans';
import { seedCheckins } from './demo-checkins';
import { seedRecovery } from './demo-recovery';
import { DEMO_OFFICES, DEMO_ORGANIZATIONS, DEMO_PASSWORD, DEMO_USERS, demoCases, demoReturnees } from './demo-data';

const DEMO_REFERRAL_REASON: Record<string, string> = {
  health_referral: 'Нужна консультация фтизиатра и помощь с продолжением лечения',
  legal_aid: 'Консультация по запрету на въезд и невыплаченной зарплате',
  job_placement: 'Подбор работы по специальности, возможно обучение',
  pension_claim: 'Сбор документов о стаже за рубежом для назначения пенсии',
};

// Loads the demo dataset into an EMPTY database (no users at all) through the same services and validation as the
// API, so the demo obeys every rule a real user would meet (codes, search text, workflow, events, audit).
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger('DemoSeed');
  private readonly pipe: ValidationPipe = createValidationPipe();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly directory: DirectoryService,
    private readonly users: UserService,
    private readonly returnees: ReturneeService,
    private readonly household: HouseholdService,
    private readonly cases: CaseService,
    private readonly referrals: ReferralService,
    private readonly notes: NotesService,
    private readonly assessments: NeedsAssessmentService,
    private readonly plans: PlansService,
    private readonly recovery: RecoveryService,
    private readonly documents: DocumentsService,
    private readonly checkins: CheckinService,
    private readonly messaging: MessagingService,
    private readonly programmes: ProgrammeService,
    private readonly assistance: AssistanceService,
    private readonly matching: MatchingService,
  ) {}

  async seedIfEmpty(): Promise<boolean> {
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM app_user`);
    if (n > 0) return false;
    const started = Date.now();
    this.logger.log('Empty database: loading the demo dataset (SEED=false skips this)…');

    const officeIds = new Map<string, string>();
    for (const o of DEMO_OFFICES) {
      const created = await this.directory.createOffice(
        SYSTEM_ACTOR,
        await this.valid(CreateOfficeDto, { name: o.name, oblast: o.oblast, district: o.district }),
      );
      officeIds.set(o.key, created.id);
    }
    const orgIds = new Map<string, string>();
    for (const o of DEMO_ORGANIZATIONS) {
      const { key, ...data } = o;
      orgIds.set(key, (await this.directory.createOrganization(SYSTEM_ACTOR, await this.valid(CreateOrganizationDto, data))).id);
    }
    const staff = new Map<string, { caseworkers: Actor[]; supervisors: Actor[] }>();
    const orgStaff = new Map<string, Actor>();
    let admin: Actor = SYSTEM_ACTOR;
    for (const u of DEMO_USERS) {
      const officeId = u.office ? officeIds.get(u.office) : undefined;
      const created = await this.users.createUser(
        SYSTEM_ACTOR,
        await this.valid(CreateUserDto, {
          email: u.email,
          fullName: u.fullName,
          role: u.role,
          officeId,
          organizationId: u.organization ? orgIds.get(u.organization) : undefined,
          locale: u.locale,
          password: DEMO_PASSWORD,
        }),
      );
      if (u.role === 'admin') admin = { userId: created.id, role: 'admin', officeId: null, organizationId: null, ip: null };
      if (u.organization) {
        orgStaff.set(u.organization, { userId: created.id, role: 'ngo_staff', officeId: null, organizationId: orgIds.get(u.organization)!, ip: null });
      }
      if (u.office && officeId) {
        const entry = staff.get(u.office) ?? { caseworkers: [], supervisors: [] };
        const actor: Actor = { userId: created.id, role: u.role, officeId, organizationId: null, ip: null };
        (u.role === 'supervisor' ? entry.supervisors : entry.caseworkers).push(actor);
        staff.set(u.office, entry);
      }
    }

    const people = demoReturnees(300);
    const returneeIds: string[] = [];
    for (const [i, p] of people.entries()) {
      const { office, ...data } = p;
      const actor = staff.get(office)!.caseworkers[i % staff.get(office)!.caseworkers.length];
      returneeIds.push((await this.returnees.registerReturnee(actor, await this.valid(CreateReturneeDto, data))).id);
    }
    const households = demoHouseholds(people);
    for (const h of households) {
      const team = staff.get(people[h.returneeIndex].office)!;
      const actor = team.caseworkers[h.returneeIndex % team.caseworkers.length];
      for (const member of h.members) {
        await this.household.create(actor, returneeIds[h.returneeIndex], await this.valid(CreateHouseholdMemberDto, member));
      }
    }

    // needs assessments: intake for most, a 12-month monitoring one for some (through the service, sealed and scored)
    const form = this.assessments.currentForm();
    for (const a of demoAssessments(people.length, form)) {
      const team = staff.get(people[a.returneeIndex].office)!;
      const actor = team.caseworkers[a.returneeIndex % team.caseworkers.length];
      const takenAt = new Date(Date.now() - a.daysAgo * 86400000 - 3600000).toISOString();
      const dto = { returneeId: returneeIds[a.returneeIndex], formVersion: form.version, occasion: a.occasion, answers: a.answers, takenAt };
      await this.assessments.take(actor, await this.valid(CreateAssessmentDto, dto));
    }

    let closed = 0;
    const referable: Array<{ worker: Actor; caseId: string; type: string; returneeIndex: number }> = [];
    // TB cases in treatment of returnees who may be texted: check-in schedules with a few weeks of answers
    const tbCases: Array<{ caseId: string; actor: Actor }> = [];
    const plan = demoCases(people);
    for (const [i, c] of plan.entries()) {
      const team = staff.get(people[c.returneeIndex].office)!;
      const worker = team.caseworkers[i % team.caseworkers.length];
      const dueAt = c.dueInDays === null ? undefined : new Date(Date.now() + c.dueInDays * 86400000).toISOString();
      let current = await this.cases.openCase(
        worker,
        await this.valid(CreateCaseDto, {
          returneeId: returneeIds[c.returneeIndex],
          type: c.type,
          title: c.title,
          summary: c.summary,
          priority: c.priority,
          details: c.details,
          dueAt,
        }),
      );
      const step = async (by: Actor, patch: Record<string, unknown>) => {
        current = await this.cases.updateCase(by, current.id, await this.valid(UpdateCaseDto, { version: current.version, ...patch }));
      };
      if (c.targetStatus === 'open') continue;
      await step(worker, { status: 'in_progress' });
      if (c.targetStatus === 'in_progress') referable.push({ worker, caseId: current.id, type: c.type, returneeIndex: c.returneeIndex });
      const who = people[c.returneeIndex];
      if (c.targetStatus === 'in_progress' && c.details.condition === 'tb' && who.phone && who.consent?.scope.includes('contact_by_phone')) {
        tbCases.push({ caseId: current.id, actor: worker });
      }
      if (c.targetStatus === 'on_hold') await step(worker, { status: 'on_hold' });
      // the caseworker asks with the reason and summary; the supervisor approves them as they are
      if (c.targetStatus === 'pending_closure' || c.targetStatus === 'closed') {
        await step(worker, { status: 'pending_closure', closureReason: 'Цели реинтеграции достигнуты', outcome: 'Услуга оказана' });
      }
      // an office without a supervisor (Naryn) keeps its closure requests pending
      if (c.targetStatus === 'closed' && team.supervisors.length > 0) {
        // a pension claim closes with its papers missing (the demo uploads none) only with the supervisor's reason
        const papers = c.type === 'pension_claim' ? { missingDocumentsReason: 'Социальный фонд принял заявление по справкам работодателя' } : {};
        await step(team.supervisors[0], { status: 'closed', ...papers });
        closed++;
      }
    }
    await this.seedNotes(people, returneeIds, staff);
    const referred = await this.seedReferrals(referable, people, orgIds, orgStaff);
    const plans = await this.seedPlans(people, returneeIds, staff, orgIds);
    // document recovery for the first returnees flagged no_documents who have an open case, by their office's caseworker
    const open = new Set(
      ((await this.ds.query(`SELECT DISTINCT returnee_id FROM case_file WHERE status <> 'closed'`)) as Array<{ returnee_id: string }>).map(
        (r) => r.returnee_id,
      ),
    );
    const withoutPapers = people
      .map((p, i) => ({
        returneeId: returneeIds[i],
        actor: staff.get(p.office)!.caseworkers[i % staff.get(p.office)!.caseworkers.length],
        flagged: p.vulnerabilities.includes('no_documents'),
      }))
      .filter((p) => p.flagged && open.has(p.returneeId))
      .slice(0, 8);
    const checkins = await seedCheckins(
      { ds: this.ds, checkins: this.checkins, messaging: this.messaging, valid: (cls, data) => this.valid(cls, data) },
      tbCases.slice(0, 2),
    );
    const recovered = await seedRecovery({ recovery: this.recovery, documents: this.documents, valid: (cls, data) => this.valid(cls, data) }, withoutPapers);
    // assistance for every 11th returnee of the offices with a supervisor (who approves); "1+1" businesses for others
    // of those offices with a case in progress (their survival follow-ups go on it)
    const withSupervisor = people.map((p, i) => ({ p, i })).filter(({ p }) => staff.get(p.office)!.supervisors.length > 0);
    const teamOf = (p: (typeof people)[number], i: number) => ({
      returneeId: returneeIds[i],
      caseworker: staff.get(p.office)!.caseworkers[i % staff.get(p.office)!.caseworkers.length],
      supervisor: staff.get(p.office)!.supervisors[0],
    });
    const assisted = withSupervisor.filter(({ i }) => i % 11 === 3).map(({ p, i }) => teamOf(p, i));
    const inProgress = new Map(
      (
        (await this.ds.query(
          `SELECT DISTINCT ON (returnee_id) returnee_id, id FROM case_file WHERE status = 'in_progress' ORDER BY returnee_id, opened_at`,
        )) as Array<{
          returnee_id: string;
          id: string;
        }>
      ).map((r) => [r.returnee_id, r.id]),
    );
    const business = withSupervisor
      .filter(({ i }) => i % 11 === 7 && inProgress.has(returneeIds[i]))
      .map(({ p, i }) => ({
        ...teamOf(p, i),
        caseId: inProgress.get(returneeIds[i])!,
        oblast: p.office === 'osh' ? 'osh_city' : 'bishkek',
        district: p.office === 'osh' ? 'Ош' : 'Октябрьский',
      }));
    const assistance = await seedAssistance(
      { programmes: this.programmes, assistance: this.assistance, matching: this.matching, users: this.users, valid: (cls, data) => this.valid(cls, data) },
      admin,
      assisted,
      business,
    );
    this.logger.log(
      `Demo dataset loaded: ${DEMO_OFFICES.length} offices, ${DEMO_ORGANIZATIONS.length} organisations, ${DEMO_USERS.length} users, ${people.length} returnees (${households.length} households), ${plan.length} cases (${closed} closed), ${referred} referrals, ${plans} reintegration plans, ${recovered} document recovery items, ${checkins} TB check-ins, 2 programmes with ${assistance.items} assistance items and ${assistance.applications} 1+1 applications in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return true;
  }

  // Every third in-progress case whose returnee consented to sharing is referred to the organisation providing its
  // service, and the organisation's staff take it to a different stage of the loop (sent … completed, declined).
  private async seedReferrals(
    cases: Array<{ worker: Actor; caseId: string; type: string; returneeIndex: number }>,
    people: ReturnType<typeof demoReturnees>,
    orgIds: Map<string, string>,
    orgStaff: Map<string, Actor>,
  ): Promise<number> {
    const orgFor = (type: string) => DEMO_ORGANIZATIONS.find((o) => o.services.includes(type));
    let n = 0;
    for (const [i, c] of cases.entries()) {
      const consent = people[c.returneeIndex].consent?.scope ?? [];
      const org = orgFor(c.type);
      if (i % 3 !== 0 || !consent.includes('share_with_ngo') || !org) continue;
      const health = c.type === 'health_referral' && consent.includes('share_health');
      let r = await this.referrals.createReferral(
        c.worker,
        await this.valid(CreateReferralDto, {
          caseId: c.caseId,
          organizationId: orgIds.get(org.key),
          reason: DEMO_REFERRAL_REASON[c.type] ?? 'Просим оказать услугу',
          sharedFields: health ? ['name', 'phone', 'healthDetails'] : ['name', 'phone', 'documents'],
        }),
      );
      n++;
      const ngo = orgStaff.get(org.key)!;
      const move = async (patch: Record<string, unknown>) => {
        r = await this.referrals.updateReferral(ngo, r.id, await this.valid(UpdateReferralDto, { version: r.version, ...patch }));
      };
      const stage = (i / 3) % 5;
      if (stage === 4) await move({ status: 'declined', declinedReason: 'Нет свободных специалистов в этом месяце' });
      if (stage >= 1 && stage <= 3) await move({ status: 'accepted' });
      if (stage >= 2 && stage <= 3) await move({ status: 'in_service' });
      if (stage === 3) await move({ status: 'completed', outcome: 'Услуга оказана, клиент доволен' });
    }
    return n;
  }

  // Counselling and visit notes through the notes service (sealed text, search index, case timeline, audit), written
  // by the office's caseworkers in turn; a correction is a later note of the same author pointing to the first.
  private async seedNotes(
    people: ReturnType<typeof demoReturnees>,
    returneeIds: string[],
    staff: Map<string, { caseworkers: Actor[]; supervisors: Actor[] }>,
  ): Promise<number> {
    const cases: Array<{ returnee_id: string; id: string }> = await this.ds.query(
      `SELECT DISTINCT ON (returnee_id) returnee_id, id FROM case_file ORDER BY returnee_id, opened_at`,
    );
    const firstCase = new Map(cases.map((c) => [c.returnee_id, c.id]));
    const day = (daysAgo: number) => new Date(Date.now() + 6 * 3_600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
    let n = 0;
    for (const note of demoNotes(people.length)) {
      const team = staff.get(people[note.returneeIndex].office)!.caseworkers;
      const author = team[(note.returneeIndex + note.author) % team.length];
      const returneeId = returneeIds[note.returneeIndex];
      const caseId = note.onCase ? firstCase.get(returneeId) : undefined;
      const body = { kind: note.kind, date: day(note.daysAgo), durationMinutes: note.durationMinutes, text: note.text, confidential: note.confidential };
      const written = await this.notes.create(author, returneeId, await this.valid(CreateNoteDto, { ...body, ...(caseId ? { caseId } : {}) }));
      n++;
      if (note.correction) {
        await this.notes.create(author, returneeId, await this.valid(CreateNoteDto, { ...body, text: note.correction, correctsId: written.id }));
        n++;
      }
    }
    return n;
  }

  // Reintegration plans through the plans service for every fifth returnee, in every state of the workflow: goals
  // served by the returnee's first case and referral (when there are) and by tasks of the caseworker or a partner;
  // approved by the office's supervisor, reviewed at a monitoring contact citing a note, completed, closed, revised.
  // An office without a supervisor keeps its plans at "submitted".
  private async seedPlans(
    people: ReturnType<typeof demoReturnees>,
    returneeIds: string[],
    staff: Map<string, { caseworkers: Actor[]; supervisors: Actor[] }>,
    orgIds: Map<string, string>,
  ): Promise<number> {
    const firstOf = async (sql: string) =>
      new Map(((await this.ds.query(sql)) as Array<{ returnee_id: string; id: string }>).map((r) => [r.returnee_id, r.id]));
    const firstCase = await firstOf(`SELECT DISTINCT ON (returnee_id) returnee_id, id FROM case_file ORDER BY returnee_id, opened_at`);
    const firstReferral = await firstOf(`SELECT DISTINCT ON (returnee_id) returnee_id, id FROM referral ORDER BY returnee_id, sent_at`);
    const firstNote = await firstOf(
      `SELECT DISTINCT ON (returnee_id) returnee_id, id FROM returnee_note WHERE NOT confidential ORDER BY returnee_id, created_at`,
    );
    const partners = [...orgIds.values()];
    const day = (days: number) => new Date(Date.now() + 6 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
    let n = 0;
    for (const [i, p] of demoPlans(people.length).entries()) {
      const team = staff.get(people[p.returneeIndex].office)!;
      const worker = team.caseworkers[p.returneeIndex % team.caseworkers.length];
      const supervisor = team.supervisors[0];
      const returneeId = returneeIds[p.returneeIndex];
      const links = [
        ...(firstCase.has(returneeId) ? [{ kind: 'case', refId: firstCase.get(returneeId) }] : []),
        ...(firstReferral.has(returneeId) ? [{ kind: 'referral', refId: firstReferral.get(returneeId) }] : []),
      ];
      const goals = p.goals.map((g, j) => ({
        dimension: g.dimension,
        text: g.text,
        targetDate: day(g.targetInDays),
        actions: [
          ...(j === 0 ? links : []),
          {
            kind: 'task',
            text: g.task,
            dueAt: day(Math.min(g.targetInDays, 30 + j * 15)),
            ...(g.taskByOrganization ? { ownerOrganizationId: partners[i % partners.length] } : { ownerUserId: worker.userId }),
          },
        ],
      }));
      let plan = await this.plans.create(worker, await this.valid(CreatePlanDto, { returneeId, goals }));
      n++;
      if (p.state === 'draft') continue;
      plan = await this.plans.submit(worker, plan.id);
      if (p.state === 'submitted' || !supervisor) continue;
      if (p.state === 'returned') {
        await this.plans.returnPlan(
          supervisor,
          plan.id,
          (await this.valid(ReturnPlanDto, { comment: 'Уточните сроки и кто отвечает за каждую задачу' })).comment,
        );
        continue;
      }
      plan = await this.plans.approve(supervisor, plan.id);
      await this.plans.sign(worker, plan.id, (await this.valid(SignPlanDto, { signedOn: day(0) })).signedOn);
      if (p.state === 'approved') continue;
      if (p.state === 'revised') {
        const next = await this.plans.revise(worker, plan.id);
        const changed = next.goals.map((g) => ({ id: g.id, dimension: g.dimension, text: g.text, targetDate: day(200), actions: [] }));
        await this.plans.update(worker, next.id, await this.valid(UpdatePlanDto, { goals: changed }));
        continue;
      }
      if (p.state === 'closed') {
        await this.plans.close(worker, plan.id, (await this.valid(ClosePlanDto, { reason: 'Снова уехал на заработки' })).reason);
        continue;
      }
      const note = firstNote.get(returneeId);
      const review = {
        reviewedOn: day(0),
        goals: plan.goals.map((g, j) => ({
          goalId: g.id,
          status: p.state === 'completed' || j === 0 ? 'achieved' : 'in_progress',
          progress: p.state === 'completed' || j === 0 ? 'Цель достигнута, подтверждено на мониторинге' : 'Есть продвижение, продолжаем',
        })),
        ...(note ? { noteIds: [note] } : {}),
      };
      await this.plans.review(worker, plan.id, await this.valid(CreateReviewDto, review));
      if (p.state === 'completed') await this.plans.complete(worker, plan.id);
    }
    return n;
  }

  // Same validation and transformation as an HTTP body gets.
  private async valid<T extends object>(cls: Type<T>, data: Record<string, unknown>): Promise<T> {
    return (await this.pipe.transform(data, { type: 'body', metatype: cls })) as T;
  }
}
