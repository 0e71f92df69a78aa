import { Column, Entity } from 'typeorm';
import { BaseEntityColumns, Locale, Role } from '@kaytuu/shared';

@Entity('app_user')
export class User extends BaseEntityColumns {
  @Column({ type: 'text' }) email: string;
  @Column({ type: 'text' }) fullName: string;
  @Column({ type: 'text' }) role: Role;
  @Column({ type: 'uuid', nullable: true }) officeId: string | null;
  @Column({ type: 'uuid', nullable: true }) organizationId: string | null;
  @Column({ type: 'text', default: 'ru' }) locale: Locale;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @Column({ type: 'text', select: false }) passwordHash: string;
  @Column({ type: 'timestamptz', nullable: true }) lastLoginAt: Date | null;
  @Column({ type: 'int', default: 0 }) failedLoginCount: number;
  @Column({ type: 'timestamptz', nullable: true }) firstFailedLoginAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) lockedUntil: Date | null;
}
