import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, Clock, CommonError, isUniqueViolation, ListQuery, ListResult } from '@kaytuu/shared';
import { AuditService } from '@kaytuu/audit';
import { DirectoryService } from '@kaytuu/directory';
import { ConsentRepository } from './consent.repository';
import { CreateReturneeDto } from './dto/create-returnee.dto';
import { CreatedReturneeDto, ReturneeDto, toReturneeDto } from './dto/returnee.dto';
import { UpdateReturneeDto } from './dto/update-returnee.dto';
import { HouseholdMemberRepository } from './household/household-member.repository';
import { todayInBishkek } from './identifiers';
import { MigrationEpisodeRepository } from './migration-episode.repository';
import { buildSearchText, fullNameOf, nameSkeleton } from './name-search';
import { ReturneeFilter } from './returnee-filter';
import { planSearch } from './returnee-search';
import { inScope, registrationOffice, scopeOf } from './returnee-scope';
import { ReturneeRecord } from './returnee.entity';
import { ReturneeRepository, ReturneeScope } from './returnee.repository';
import { ReturneeError } from './returnees.errors';
import { profileValues, toEpisodeRow } from './returnee-values';

export type ReturneeListRequest = ListQuery<ReturneeFilter> & { explicitSort: boolean };

const PIN_INDEX = 'returnee_pin_hmac_uq';
// Scalar fields a PUT may change, in the order the audit diff lists them.
const UPDATABLE = [
  'pin',
  'lastName',
  'firstName',
  'patronymic',
  'sex',
  'birthDate',
  'phone',
  'oblast',
  'district',
  'address',
  'householdSize',
  'dependents',
  'languages',
  'education',
  'skills',
  'disability',
  'vulnerabilities',
  'officeId',
] as const;
type UpdatableField = (typeof UPDATABLE)[number];

// The returnee record's own use cases (GET/POST/PUT/DELETE /api/returnees), each audited. What other contexts read of
// returnees is ReturneeLookupService's; bulk registration for imports is ReturneeBatchService's.
@Injectable()
export class ReturneeService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly returnees: ReturneeRepository,
    private readonly episodes: MigrationEpisodeRepository,
    private readonly consents: ConsentRepository,
    private readonly household: HouseholdMemberRepository,
    private readonly audit: AuditService,
    private readonly directory: DirectoryService,
    private readonly clock: Clock,
  ) {}

  async listReturnees(actor: Actor, q: ReturneeListRequest): Promise<ListResult<ReturneeDto>> {
    const scope = scopeOf(actor);
    const today = todayInBishkek();
    const search = q.filter.q ? planSearch(q.filter.q) : null;
    // the search threshold is set transaction-locally, and the read is audited with the page it returned
    return this.ds.transaction(async (m) => {
      const { rows, total, totalEstimated } = await this.returnees.list(m, scope, {
        filter: q.filter,
        search,
        sort: q.sort,
        rankBySearch: !q.explicitSort,
        offset: q.offset,
        limit: q.limit,
        today,
      });
      const dtos = await this.toDtos(m, rows, today);
      // the query text may hold a PIN or phone, so the audit row records which filters were used, not their values
      await this.audit.record(
        actor,
        { action: 'read', entity: 'returnee', entityId: null, diff: { ids: rows.map((r) => r.id), total, filters: Object.keys(q.filter) } },
        m,
      );
      return { rows: dtos, total, totalEstimated };
    });
  }

  async getReturnee(actor: Actor, id: string): Promise<ReturneeDto> {
    const scope = scopeOf(actor);
    return this.ds.transaction(async (m) => {
      const r = await this.returnees.findLiveInScope(m, scope, id);
      if (!r) throw CommonError.notFound('Returnee');
      const [dto] = await this.toDtos(m, [r], todayInBishkek());
      await this.audit.record(actor, { action: 'read', entity: 'returnee', entityId: id }, m);
      return dto;
    });
  }

  async registerReturnee(actor: Actor, dto: CreateReturneeDto): Promise<CreatedReturneeDto> {
    const scope = scopeOf(actor);
    const officeId = await registrationOffice(actor, dto.officeId, (id) => this.directory.officeExists(id));
    try {
      return await this.ds.transaction(async (m) => {
        if (dto.pin) await this.assertPinFree(m, scope, dto.pin);
        const duplicates = await this.returnees.findPossibleDuplicates(m, scope, dto.birthDate, nameSkeleton(`${dto.lastName} ${dto.firstName}`));
        const code = await this.returnees.nextCode(m);
        const id = await this.returnees.insert(m, {
          code,
          ...profileValues(dto),
          officeId,
          createdBy: actor.userId,
        });
        await this.episodes.insertForReturnee(m, id, dto.episodes.map(toEpisodeRow));
        if (dto.consent) {
          await this.consents.insert(m, { returneeId: id, scope: dto.consent.scope, givenAt: new Date(dto.consent.givenAt), recordedBy: actor.userId });
        }
        await this.audit.record(
          actor,
          {
            action: 'create',
            entity: 'returnee',
            entityId: id,
            diff: {
              code,
              officeId,
              pin: dto.pin ? 'set' : null,
              phone: dto.phone ? 'set' : null,
              episodes: dto.episodes.length,
              consent: dto.consent?.scope ?? null,
            },
          },
          m,
        );
        const dtoOut = await this.load(m, { kind: 'all' }, id);
        return {
          ...dtoOut,
          possibleDuplicates: duplicates.map((d) => ({ id: d.id, code: d.code, fullName: fullNameOf(d), birthDate: d.birthDate })),
        };
      });
    } catch (err) {
      throw await this.mapWriteError(err, scope, dto.pin ?? null);
    }
  }

  async updateReturnee(actor: Actor, id: string, dto: UpdateReturneeDto): Promise<ReturneeDto> {
    const scope = scopeOf(actor);
    try {
      return await this.ds.transaction(async (m) => {
        const r = await this.returnees.findLiveInScope(m, scope, id, true);
        if (!r) throw CommonError.notFound('Returnee');
        if (r.version !== dto.version) throw CommonError.staleVersion('Returnee', r.version);
        const changes = changedFields(r, dto);
        if (changes.officeId !== undefined) await this.assertMayMoveTo(actor, changes.officeId);
        if (typeof changes.pin === 'string') await this.assertPinFree(m, scope, changes.pin, id);
        if (('householdSize' in changes || 'dependents' in changes) && (await this.household.countOf(m, id)) > 0) {
          // once members are recorded both are derived from them (HouseholdService) and are changed through the members
          const derived = 'cannot change while household members are recorded; edit the members instead';
          throw CommonError.unprocessable(
            Object.fromEntries((['householdSize', 'dependents'] as const).filter((k) => k in changes).map((k) => [k, derived])),
            'The household size and dependents follow the household members',
          );
        }
        if (Object.keys(changes).length === 0 && !dto.episodes) return this.load(m, scope, id);

        const next = { ...r, ...changes } as ReturneeRecord;
        const nameChanged = 'lastName' in changes || 'firstName' in changes || 'patronymic' in changes;
        const ok = await this.returnees.updateVersioned(m, id, dto.version, { ...changes, ...(nameChanged ? { searchText: buildSearchText(next) } : {}) });
        if (!ok) throw CommonError.staleVersion('Returnee', r.version + 1);
        if (dto.episodes) await this.episodes.replaceForReturnee(m, id, dto.episodes.map(toEpisodeRow));

        // one key per changed field, so the audit service's redaction of pin/phone/address applies to them
        const diff: Record<string, unknown> = {};
        for (const key of Object.keys(changes) as UpdatableField[]) diff[key] = { from: r[key], to: changes[key] };
        if (dto.episodes) diff.episodes = { replacedWith: dto.episodes.length };
        await this.audit.record(actor, { action: 'update', entity: 'returnee', entityId: id, diff }, m);
        return this.load(m, { kind: 'all' }, id);
      });
    } catch (err) {
      throw await this.mapWriteError(err, scope, typeof dto.pin === 'string' ? dto.pin : null);
    }
  }

  // Soft delete: the row stays for the audit trail and the cases that point at it; every read treats it as absent.
  async deleteReturnee(actor: Actor, id: string): Promise<ReturneeDto> {
    if (actor.role !== 'admin') throw CommonError.forbidden('Only an administrator may delete a returnee');
    return this.ds.transaction(async (m) => {
      const r = await this.returnees.findLiveInScope(m, { kind: 'all' }, id, true);
      if (!r) throw CommonError.notFound('Returnee');
      const dto = await this.load(m, { kind: 'all' }, id);
      await this.returnees.markDeleted(m, id);
      await this.audit.record(actor, { action: 'delete', entity: 'returnee', entityId: id, diff: { code: r.code } }, m);
      return dto;
    });
  }

  private async load(m: EntityManager, scope: ReturneeScope, id: string): Promise<ReturneeDto> {
    const r = await this.returnees.findLiveInScope(m, scope, id);
    if (!r) throw CommonError.notFound('Returnee');
    const [dto] = await this.toDtos(m, [r], todayInBishkek());
    return dto;
  }

  // Episodes and consents of a whole page in one query per table.
  private async toDtos(m: EntityManager, rows: ReturneeRecord[], today: string): Promise<ReturneeDto[]> {
    const ids = rows.map((r) => r.id);
    const [episodes, consents] = [await this.episodes.findByReturneeIds(m, ids), await this.consents.findByReturneeIds(m, ids)];
    const now = this.clock.now();
    return rows.map((r) =>
      toReturneeDto(
        r,
        episodes.filter((e) => e.returneeId === r.id),
        consents.filter((c) => c.returneeId === r.id),
        today,
        now,
      ),
    );
  }

  private async assertMayMoveTo(actor: Actor, officeId: string): Promise<void> {
    if (actor.role !== 'admin') throw ReturneeError.officeNotAllowed();
    if (!(await this.directory.officeExists(officeId))) throw ReturneeError.officeNotFound();
  }

  private async assertPinFree(m: EntityManager, scope: ReturneeScope, pin: string, exceptId?: string): Promise<void> {
    const holder = await this.returnees.findLivePinHolder(m, pin, exceptId);
    if (holder) throw ReturneeError.duplicatePin(inScope(scope, holder.officeId) ? holder.code : null);
  }

  // A concurrent create with the same PIN passes the pre-check and then hits the partial unique index: same 409.
  private async mapWriteError(err: unknown, scope: ReturneeScope, pin: string | null): Promise<unknown> {
    if (pin && isUniqueViolation(err, PIN_INDEX)) {
      const holder = await this.returnees.findLivePinHolder(this.ds.manager, pin);
      return ReturneeError.duplicatePin(holder && inScope(scope, holder.officeId) ? holder.code : null);
    }
    const code = (err as { driverError?: { code?: string; constraint?: string } })?.driverError;
    if (code?.code === '23503' && code.constraint === 'returnee_office_id_fkey') return ReturneeError.officeNotFound();
    return err;
  }
}

// Only the fields the PUT names and that really differ; arrays compare by content.
type Changes = Partial<Pick<ReturneeRecord, UpdatableField>>;
function changedFields(r: ReturneeRecord, dto: UpdateReturneeDto): Changes {
  const out: Record<string, unknown> = {};
  for (const key of UPDATABLE) {
    const value = dto[key];
    if (value === undefined) continue;
    const before = r[key];
    const same = Array.isArray(value) && Array.isArray(before) ? value.length === before.length && value.every((v, i) => v === before[i]) : value === before;
    if (!same) out[key] = value;
  }
  return out as Changes;
}
