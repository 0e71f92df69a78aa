import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { createTransport, Transporter } from 'nodemailer';
import { appConfig } from '@kaytuu/shared';

export type OutgoingMail = { to: string; subject: string; text: string; messageId: string };

// The email channel: one SMTP transport from SMTP_URL (smtp://user:pass@host:port, smtps:// for TLS). Without it email
// is off and in-app notifications remain. The Message-ID is derived from what is being sent (e.g. the reminder id), so a
// mail system that sees the same message twice can drop the copy.
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly transport: Transporter | null;

  constructor(@Inject(appConfig.KEY) private readonly cfg: ConfigType<typeof appConfig>) {
    this.transport = cfg.smtpUrl ? createTransport(cfg.smtpUrl) : null;
  }

  isEnabled(): boolean {
    return this.transport !== null;
  }

  async send(mail: OutgoingMail): Promise<void> {
    if (!this.transport) throw new Error('email is not configured (SMTP_URL is unset)');
    await this.transport.sendMail({
      from: this.cfg.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: `<${mail.messageId}@kaytuu>`,
    });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
