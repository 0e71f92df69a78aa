import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AAD, FieldCipher, FieldCodes, FieldErrors, FieldParams, flattenValidationErrors, validationFailed } from '@kaytuu/shared';
import { CreateReturneeDto } from './dto/create-returnee.dto';
import { passesValidation } from './dto/passes-validation';
import { buildSearchText, nameSkeleton, NameParts } from './name-search';
import { profileValues, toEpisodeRow } from './returnee-values';

// Bulk intake (CSV imports): the same checks as POST /api/returnees, one record at a time, without I/O; the checks
// that need the database (PIN taken, possible duplicates) run set-based over a whole batch in the repository.

// A checked record, normalised exactly as the create endpoint stores it, ready for a set-based insert.
export type ReturneeBatchRecord = {
  pin: string | null;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  sex: string;
  birthDate: string;
  phone: string | null;
  oblast: string;
  district: string;
  address: string | null;
  householdSize: number | null;
  dependents: number;
  languages: string[];
  education: string | null;
  skills: string[];
  disability: string;
  vulnerabilities: string[];
  searchText: string;
  skeleton: string;
  episodes: Array<{
    country: string;
    city: string | null;
    departedOn: string;
    returnedOn: string | null;
    sector: string;
    employmentFormal: boolean;
    returnReason: string;
    entryBanActive: boolean;
    entryBanUntil: string | null;
    entryBanAuthority: string | null;
  }>;
};

// A refused record names each field's problem as POST /api/returnees would: the English text, its code and params.
export type ReturneeCheck = { ok: true; record: ReturneeBatchRecord } | { ok: false; errors: FieldErrors; fieldCodes: FieldCodes; fieldParams: FieldParams };

// The API's global ValidationPipe options (apps/api/src/http/validation.pipe.ts), so a row passes here exactly when
// the same body would pass POST /api/returnees. The office is chosen once per batch, never per record.
const PIPE_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } } as const;

export function checkReturneeInput(plain: Record<string, unknown>): ReturneeCheck {
  const dto = plainToInstance(CreateReturneeDto, plain);
  // a valid line is answered by the same constraints without class-validator's per-call bookkeeping; a refused one
  // goes through validateSync for its messages, codes and params
  if (passesValidation(dto)) return { ok: true, record: toBatchRecord(dto) };
  const errors = validateSync(dto, PIPE_OPTIONS);
  if (errors.length > 0) {
    const refused = validationFailed(errors);
    return { ok: false, errors: flattenValidationErrors(errors), fieldCodes: refused.fieldCodes ?? {}, fieldParams: refused.fieldParams ?? {} };
  }
  return { ok: true, record: toBatchRecord(dto) };
}

function toBatchRecord(dto: CreateReturneeDto): ReturneeBatchRecord {
  return {
    ...profileValues(dto, batchSearchText),
    // what the create endpoint's possible-duplicates check compares (surname and first name)
    skeleton: batchSkeleton(`${dto.lastName} ${dto.firstName}`),
    episodes: dto.episodes.map(toEpisodeRow),
  };
}

// Names repeat across the lines of a file (a common surname and first name thousands of times), and folding them is
// a good part of a line's cost: the pure name functions are memoised, a bounded table per process.
const MEMO_LIMIT = 50_000;
function memoised<K, V>(fn: (key: K) => V): (key: K) => V {
  let cache = new Map<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size >= MEMO_LIMIT) cache = new Map();
      value = fn(key);
      cache.set(key, value);
    }
    return value;
  };
}
const batchSkeleton = memoised(nameSkeleton);
// validated name parts never hold a NUL, so it separates them in the key
const searchTextOfKey = memoised((key: string) => {
  const [lastName, firstName, patronymic] = key.split('\u0000');
  return buildSearchText({ lastName, firstName, patronymic });
});
const batchSearchText = (p: NameParts) => searchTextOfKey(`${p.lastName}\u0000${p.firstName}\u0000${p.patronymic ?? ''}`);

// A checked record as it is staged and inserted: PIN and phone encrypted for their returnee columns (so the staged
// ciphertext is stored as is), with the keyed hashes the duplicate check and the PIN index compare.
export type SealedBatchRecord = Omit<ReturneeBatchRecord, 'pin' | 'phone' | 'skeleton'> & {
  pinEnc: string | null;
  pinHmac: string | null;
  phoneEnc: string | null;
  phoneHmac: string | null;
};

export function sealBatchRecord(cipher: FieldCipher, record: Omit<ReturneeBatchRecord, 'skeleton'>): SealedBatchRecord {
  const { pin, phone, ...rest } = record;
  return {
    ...rest,
    pinEnc: cipher.encryptNullable(pin, AAD.returneePin),
    pinHmac: cipher.pinHmacNullable(pin),
    phoneEnc: cipher.encryptNullable(phone, AAD.returneePhone),
    phoneHmac: cipher.phoneHmacNullable(phone),
  };
}

// One candidate of a batch duplicate check: `key` is the caller's (a CSV line), the rest what is compared.
export type DuplicateCandidate = { key: number; pinHmac: string | null; birthDate: string; skeleton: string };
// `id`/`code` are null when the existing record lies outside the caller's scope (a PIN is unique across offices).
export type BatchDuplicate = { key: number; kind: 'pin' | 'name_birth_date'; id: string | null; code: string | null };
export type BatchInsertResult = { key: number; id: string; code: string };
