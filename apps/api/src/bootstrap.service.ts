import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { UserService } from '@kaytuu/access';
import { appConfig, SYSTEM_ACTOR } from '@kaytuu/shared';

// First account of a real deployment: ADMIN_EMAIL + ADMIN_PASSWORD create an admin when no user has that email.
@Injectable()
export class BootstrapService {
  private readonly logger = new Logger('Bootstrap');
  constructor(
    @Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>,
    private readonly users: UserService,
  ) {}

  async ensureAdmin(): Promise<void> {
    const { adminEmail, adminPassword } = this.cfg;
    if (!adminEmail || !adminPassword) return;
    if (await this.users.findByEmail(adminEmail)) return;
    await this.users.createUser(SYSTEM_ACTOR, {
      email: adminEmail.toLowerCase(),
      fullName: 'Administrator',
      role: 'admin',
      password: adminPassword,
      locale: 'ru',
    });
    this.logger.log(`Created the admin account ${adminEmail}`);
  }
}
