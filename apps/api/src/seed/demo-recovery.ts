import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import type { DocumentsService } from '@kaytuu/documents';
import { CreateRecoveryItemDto, ReceiveRecoveryItemDto, type RecoveryService, UpdateRecoveryItemDto } from '@kaytuu/recovery';
import type { Actor } from '@kaytuu/shared';

// Document recovery in the demo (issue 17): for returnees flagged no_documents who have an open case, in turn: items
// proposed from the checklists (to_request), a passport requested (chased by a follow-up), a work book requested and
// refused, and a passport requested, its new scan uploaded (a small generated PDF, through the documents service, so
// it is encrypted and stored like any upload) and received. Bodies go through the same validation as HTTP.
export type DemoRecoveryDeps = {
  recovery: RecoveryService;
  documents: DocumentsService;
  valid: <T extends object>(cls: new () => T, data: Record<string, unknown>) => Promise<T>;
};

const day = (days: number) => new Date(Date.now() + 6 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

// A one-page PDF, different for each returnee (the documents service refuses the same bytes twice for one returnee).
function demoPdf(label: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n% Kaytuu demo scan ${label}\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
  );
}

// The documents service reads a multipart request; the demo hands it one built in memory.
function multipart(fields: Record<string, string>, file: { name: string; type: string; body: Buffer }): IncomingMessage {
  const boundary = `----kaytuu-demo-${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
  parts.push(file.body, Buffer.from(`\r\n--${boundary}--\r\n`));
  const body = Buffer.concat(parts);
  const req = Readable.from([body]) as unknown as IncomingMessage;
  Object.assign(req, { headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(body.length) }, complete: false });
  // as an http request: complete once all of it has been read
  req.once('end', () => Object.assign(req, { complete: true }));
  return req;
}

export async function seedRecovery(deps: DemoRecoveryDeps, people: Array<{ returneeId: string; actor: Actor }>): Promise<number> {
  const { recovery, documents, valid } = deps;
  let n = 0;
  for (const [k, p] of people.entries()) {
    const { actor, returneeId } = p;
    switch (k % 4) {
      case 0:
        n += (await recovery.propose(actor, returneeId)).length;
        break;
      case 1: {
        const body = {
          returneeId,
          documentType: 'passport',
          country: 'KG',
          authority: 'passport_office',
          authorityName: 'ГРС при ПКР',
          requestedOn: day(-20),
          expectedOn: day(25),
        };
        await recovery.create(actor, await valid(CreateRecoveryItemDto, body));
        n++;
        break;
      }
      case 2: {
        const body = {
          returneeId,
          documentType: 'work_book',
          authority: 'former_employer',
          authorityName: 'ООО «СтройМонтаж», Москва',
          requestedOn: day(-45),
          expectedOn: day(-5),
        };
        const item = await recovery.create(actor, await valid(CreateRecoveryItemDto, body));
        await recovery.update(actor, item.id, await valid(UpdateRecoveryItemDto, { status: 'refused', note: 'Работодатель ответил, что архив не сохранился' }));
        n++;
        break;
      }
      default: {
        const body = { returneeId, documentType: 'passport', country: 'KG', authority: 'passport_office', requestedOn: day(-60), expectedOn: day(-10) };
        const item = await recovery.create(actor, await valid(CreateRecoveryItemDto, body));
        const scan = await documents.upload(
          actor,
          multipart(
            { returneeId, type: 'passport', title: 'Паспорт (новый)', issuedOn: day(-12), issuerCountry: 'KG', expiresOn: day(3650) },
            { name: 'pasport.pdf', type: 'application/pdf', body: demoPdf(returneeId) },
          ),
        );
        await recovery.receive(actor, item.id, await valid(ReceiveRecoveryItemDto, { documentId: scan.id, receivedOn: day(-9) }));
        n++;
      }
    }
  }
  return n;
}
