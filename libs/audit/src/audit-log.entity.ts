import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_ACTIONS = ['read', 'create', 'update', 'delete', 'login', 'login_failed', 'logout', 'export'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

@Entity('audit_log')
export class AuditLog {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at: Date;
  @Column({ type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ type: 'text' }) action: AuditAction;
  @Column({ type: 'text' }) entity: string;
  @Column({ type: 'text', nullable: true }) entityId: string | null;
  @Column({ type: 'text', nullable: true }) ip: string | null;
  @Column({ type: 'jsonb', nullable: true }) diff: Record<string, unknown> | null;
  // position in the hash chain; null until audit_seal() seals the row (migration 1764600000000-AuditChain)
  @Column({ type: 'bigint', nullable: true }) seq: string | null;
  @Column({ type: 'text', nullable: true }) prevHash: string | null;
  @Column({ type: 'text', nullable: true }) hash: string | null;
}
