import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AAD, FieldCipher } from '@kaytuu/shared';

// What the messaging context needs to reach a returnee: the office (scope of the message), the phone in clear (only
// handed to a channel, never logged), the spoken languages (the message language).
export type ReturneeContact = { id: string; officeId: string; phone: string | null; languages: string[] };

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Returnees as the messaging context reads them. No scope check and no audit: the caller has scoped the returnee (or is
// the worker relaying a message written in scope) and audits what it shows; a phone leaves only towards a channel.
@Injectable()
export class ReturneeContactService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

  async contactOf(returneeId: string, m: EntityManager = this.ds.manager): Promise<ReturneeContact | null> {
    if (!UUID_RE.test(returneeId)) return null;
    const rows = (await m.query(`SELECT id, office_id, phone_enc, languages FROM returnee WHERE id = $1 AND deleted_at IS NULL`, [returneeId])) as Array<{
      id: string;
      office_id: string;
      phone_enc: string | null;
      languages: string[] | null;
    }>;
    const r = rows[0];
    if (!r) return null;
    return { id: r.id, officeId: r.office_id, phone: this.cipher.decryptNullable(r.phone_enc, AAD.returneePhone), languages: r.languages ?? [] };
  }

  // contactOf for a batch, in one query: live returnees by id (the others absent).
  async contactsOf(returneeIds: string[], m: EntityManager = this.ds.manager): Promise<Map<string, ReturneeContact>> {
    const valid = [...new Set(returneeIds.filter((id) => UUID_RE.test(id)))];
    if (valid.length === 0) return new Map();
    const rows = (await m.query(`SELECT id, office_id, phone_enc, languages FROM returnee WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`, [
      valid,
    ])) as Array<{ id: string; office_id: string; phone_enc: string | null; languages: string[] | null }>;
    return new Map(
      rows.map((r) => [
        r.id,
        { id: r.id, officeId: r.office_id, phone: this.cipher.decryptNullable(r.phone_enc, AAD.returneePhone), languages: r.languages ?? [] },
      ]),
    );
  }

  // The live returnee whose phone matches (through the keyed hash, the phone itself is not searched), or null when no
  // returnee or more than one carries it (an ambiguous sender is treated as unknown).
  async findByPhone(phone: string, m: EntityManager = this.ds.manager): Promise<{ id: string; officeId: string } | null> {
    const digits = phone.replace(/\D/g, '');
    if (digits.length < 6) return null;
    const rows = (await m.query(`SELECT id, office_id FROM returnee WHERE phone_hmac = $1 AND deleted_at IS NULL LIMIT 2`, [
      this.cipher.phoneHmac(digits),
    ])) as Array<{
      id: string;
      office_id: string;
    }>;
    return rows.length === 1 ? { id: rows[0].id, officeId: rows[0].office_id } : null;
  }
}
