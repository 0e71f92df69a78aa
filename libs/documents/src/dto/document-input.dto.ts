import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
} from 'class-validator';
import { IfPresent } from '@kaytuu/shared';
import { DOCUMENT_TYPES, DocumentType } from '../document.entity';

export const MAX_TITLE = 200;
export const MAX_ISSUER = 200;
// text on one line: something visible, no control characters (they would travel into lists, audit rows and file names)
// eslint-disable-next-line no-control-regex
const ONE_LINE = /^(?=[\s\S]*\S)[^\u0000-\u001f\u007f\u2028\u2029\u202a-\u202e\u2066-\u2069]+$/;
const ONE_LINE_MESSAGE = 'must be text on one line without control characters';

export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value && value >= '1900-01-01' && value <= '2199-12-31';
}
const IsDateOnly = (): PropertyDecorator => (target: object, propertyName: string | symbol) =>
  registerDecorator({
    name: 'isDateOnly',
    target: target.constructor,
    propertyName: propertyName as string,
    options: { message: 'must be a date in the form YYYY-MM-DD' },
    validator: { validate: (v: unknown) => typeof v === 'string' && isCalendarDate(v) },
  });
// absent or null leaves the other rules out (null clears an optional field on update)
const IfGiven = () => ValidateIf((_o: object, v: unknown) => v !== undefined && v !== null);

// The form fields of POST /api/documents (multipart: all strings, sent BEFORE the file part). A case, referral or plan,
// when given, must be the returnee's (checked by the service).
export class CreateDocumentFields {
  @ApiProperty() @IsUUID('all', { message: 'must be a UUID' }) returneeId: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) caseId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) referralId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'must be a UUID' }) planId?: string;
  @ApiProperty({ enum: DOCUMENT_TYPES }) @IsIn(DOCUMENT_TYPES, { message: `must be one of: ${DOCUMENT_TYPES.join(', ')}` }) type: DocumentType;
  @ApiProperty({ maxLength: MAX_TITLE }) @IsString() @MaxLength(MAX_TITLE) @Matches(ONE_LINE, { message: ONE_LINE_MESSAGE }) title: string;
  @ApiPropertyOptional({ example: '2020-05-01' }) @IsOptional() @IsDateOnly() issuedOn?: string;
  @ApiPropertyOptional({ example: 'RU', description: 'ISO 3166-1 alpha-2' }) @IsOptional() @IsISO31661Alpha2() issuerCountry?: string;
  @ApiPropertyOptional({ maxLength: MAX_ISSUER })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ISSUER)
  @Matches(ONE_LINE, { message: ONE_LINE_MESSAGE })
  issuer?: string;
  @ApiPropertyOptional({ example: '2030-05-01' }) @IsOptional() @IsDateOnly() expiresOn?: string;
}
export const CREATE_FIELDS = ['returneeId', 'caseId', 'referralId', 'planId', 'type', 'title', 'issuedOn', 'issuerCountry', 'issuer', 'expiresOn'] as const;

// PUT /api/documents/:id: the metadata only (the bytes change by a new version). type and title may be left out but
// never null; the optional ones take null to clear.
export class UpdateDocumentDto {
  @ApiPropertyOptional({ enum: DOCUMENT_TYPES })
  @IfPresent()
  @IsIn(DOCUMENT_TYPES, { message: `must be one of: ${DOCUMENT_TYPES.join(', ')}` })
  type?: DocumentType;
  @ApiPropertyOptional({ maxLength: MAX_TITLE })
  @IfPresent()
  @IsString()
  @MaxLength(MAX_TITLE)
  @Matches(ONE_LINE, { message: ONE_LINE_MESSAGE })
  title?: string;
  @ApiPropertyOptional({ nullable: true }) @IfGiven() @IsDateOnly() issuedOn?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IfGiven() @IsISO31661Alpha2() issuerCountry?: string | null;
  @ApiPropertyOptional({ nullable: true, maxLength: MAX_ISSUER })
  @IfGiven()
  @IsString()
  @MaxLength(MAX_ISSUER)
  @Matches(ONE_LINE, { message: ONE_LINE_MESSAGE })
  issuer?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IfGiven() @IsDateOnly() expiresOn?: string | null;
}

export const DISPOSITIONS = ['attachment', 'inline'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

// POST /api/documents/:id/links: a short-lived download link for one version (default: the current one).
export class CreateLinkDto {
  @ApiPropertyOptional({ minimum: 1 }) @IfPresent() @IsInt() @Min(1) @Max(100_000) version?: number;
  @ApiPropertyOptional({ enum: DISPOSITIONS, description: 'inline: a preview in the page (PDF and images only)' })
  @IfPresent()
  @IsIn(DISPOSITIONS, { message: `must be one of: ${DISPOSITIONS.join(', ')}` })
  disposition?: Disposition;
  @ApiPropertyOptional({ description: 'the thumbnail of an image instead of the file' }) @IfPresent() @IsBoolean() thumbnail?: boolean;
  @ApiPropertyOptional({ description: 'recorded in the audit row: the caller shows the document masked (e.g. a preview)' })
  @IfPresent()
  @IsBoolean()
  masked?: boolean;
}
