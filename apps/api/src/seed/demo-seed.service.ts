import { Injectable, Logger, Type, ValidationPipe } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CreateUserDto, UserService } from '@kaytuu/access';
import { CaseService, CreateCaseDto, UpdateCaseDto } from '@kaytuu/cases';
import { CreateOfficeDto, CreateOrganizationDto, DirectoryService } from '@kaytuu/directory';
import { CreateReturneeDto, ReturneeService } from '@kaytuu/returnees';
import { Actor, SYSTEM_ACTOR } from '@kaytuu/shared';
import { createValidationPipe } from '../http/validation.pipe';
import { DEMO_OFFICES, DEMO_ORGANIZATIONS, DEMO_PASSWORD, DEMO_USERS, demoCases, demoReturnees } from './demo-data';

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
    private readonly cases: CaseService,
  ) {}

  async seedIfEmpty(): Promise<boolean> {
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM app_user`);
    if (n > 0) return false;
    const started = Date.now();
    this.logger.log('Empty database: loading the demo dataset (SEED=false skips this)…');

    const officeIds = new Map<string, string>();
    for (const o of DEMO_OFFICES) {
      const created = await this.directory.createOffice(SYSTEM_ACTOR, await this.valid(CreateOfficeDto, { name: o.name, oblast: o.oblast, district: o.district }));
      officeIds.set(o.key, created.id);
    }
    const orgIds = new Map<string, string>();
    for (const o of DEMO_ORGANIZATIONS) {
      const { key, ...data } = o;
      orgIds.set(key, (await this.directory.createOrganization(SYSTEM_ACTOR, await this.valid(CreateOrganizationDto, data))).id);
    }
    const staff = new Map<string, { caseworkers: Actor[]; supervisors: Actor[] }>();
    for (const u of DEMO_USERS) {
      const officeId = u.office ? officeIds.get(u.office) : undefined;
      const created = await this.users.createUser(
        SYSTEM_ACTOR,
        await this.valid(CreateUserDto, { email: u.email, fullName: u.fullName, role: u.role, officeId, organizationId: u.organization ? orgIds.get(u.organization) : undefined, locale: u.locale, password: DEMO_PASSWORD }),
      );
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

    let closed = 0;
    const plan = demoCases(people);
    for (const [i, c] of plan.entries()) {
      const team = staff.get(people[c.returneeIndex].office)!;
      const worker = team.caseworkers[i % team.caseworkers.length];
      const dueAt = c.dueInDays === null ? undefined : new Date(Date.now() + c.dueInDays * 86400000).toISOString();
      let current = await this.cases.openCase(worker, await this.valid(CreateCaseDto, {
        returneeId: returneeIds[c.returneeIndex], type: c.type, title: c.title, summary: c.summary, priority: c.priority, details: c.details, dueAt,
      }));
      const step = async (by: Actor, patch: Record<string, unknown>) => {
        current = await this.cases.updateCase(by, current.id, await this.valid(UpdateCaseDto, { version: current.version, ...patch }));
      };
      if (c.targetStatus === 'open') continue;
      await step(worker, { status: 'in_progress' });
      if (c.targetStatus === 'on_hold') await step(worker, { status: 'on_hold' });
      if (c.targetStatus === 'pending_closure' || c.targetStatus === 'closed') await step(worker, { status: 'pending_closure', outcome: 'Услуга оказана' });
      // an office without a supervisor (Naryn) keeps its closure requests pending
      if (c.targetStatus === 'closed' && team.supervisors.length > 0) {
        await step(team.supervisors[0], { status: 'closed', closureReason: 'Цели реинтеграции достигнуты' });
        closed++;
      }
    }
    this.logger.log(`Demo dataset loaded: ${DEMO_OFFICES.length} offices, ${DEMO_ORGANIZATIONS.length} organisations, ${DEMO_USERS.length} users, ${people.length} returnees, ${plan.length} cases (${closed} closed) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return true;
  }

  // Same validation and transformation as an HTTP body gets.
  private async valid<T extends object>(cls: Type<T>, data: Record<string, unknown>): Promise<T> {
    return (await this.pipe.transform(data, { type: 'body', metatype: cls })) as T;
  }
}
