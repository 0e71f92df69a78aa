import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook, WebhookEvent } from '@kaytuu/notifications';

export type Received = { from: string; to: string; subject: string; text: string; messageId: string };

// A real SMTP sink on a free local port that parses every message it accepts.
export async function startSmtpSink(): Promise<{ port: number; inbox: Received[]; close(): Promise<void> }> {
  const inbox: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      simpleParser(stream).then((mail) => {
        const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : (mail.to?.text ?? '');
        inbox.push({ from: mail.from?.text ?? '', to, subject: mail.subject ?? '', text: (mail.text ?? '').trim(), messageId: mail.messageId ?? '' });
        done();
      }, done);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, inbox, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export type Hit = { status: number; validSignature: boolean; delivery: string; event: WebhookEvent; at: number };

// A local webhook receiver that checks the HMAC signature and answers with the scripted statuses in turn.
export async function startReceiver(secret: string, statuses: number[]): Promise<{ url: string; hits: Hit[]; close(): Promise<void> }> {
  const hits: Hit[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const sig = String(req.headers[SIGNATURE_HEADER] ?? '');
      const ts = String(req.headers[TIMESTAMP_HEADER] ?? '');
      const validSignature = verifyWebhook(secret, ts, body, sig);
      const status = validSignature ? (statuses[hits.length] ?? 200) : 401;
      hits.push({ at: Date.now(), status, validSignature, delivery: String(req.headers[DELIVERY_HEADER] ?? ''), event: JSON.parse(body) as WebhookEvent });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kaytuu-hook`;
  return { url, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
