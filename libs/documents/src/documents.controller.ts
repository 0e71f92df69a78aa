import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor, Public, Roles } from '@kaytuu/access';
import { Actor, f, filterSpec, parseListQuery, RawListQuery, UuidParam, withContentRange } from '@kaytuu/shared';
import { CONTENT_TYPES, DOCUMENT_TYPES } from './document.entity';
import { DOCUMENT_SORTABLE, DocumentFilter } from './document.repository';
import { DocumentsService } from './documents.service';
import { CreateLinkDto, UpdateDocumentDto } from './dto/document-input.dto';
import { DocumentDto, DocumentLinkDto, DocumentVersionDto } from './dto/document.dto';
import { contentDisposition } from './file-content';

const parseFilter = filterSpec<DocumentFilter>({
  returneeId: f.uuid(),
  caseId: f.uuid(),
  referralId: f.uuid(),
  planId: f.uuid(),
  type: f.someOf(DOCUMENT_TYPES),
  q: f.string(200),
  id: f.uuids(),
  deleted: f.boolean(),
});

// A refused upload is not worth reading to its end. Closing at once would lose the answer: a socket closed with unread
// bytes sends a reset, which makes the client drop the answer it has not read yet. So, as a "lingering close", the
// rest is read and thrown away for at most LINGER_MS or LINGER_BYTES after the answer went out, then the connection
// is cut; the file itself was stopped at the limit and nothing of it is kept.
const LINGER_MS = 2000;
const LINGER_BYTES = 8 * 1024 * 1024;
async function closingOnError<T>(req: Request, res: Response, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    res.once('finish', () => {
      if (req.complete) return;
      let seen = 0;
      const cut = () => {
        clearTimeout(timer);
        req.socket.destroy();
      };
      const timer = setTimeout(cut, LINGER_MS);
      req.on('data', (c: Buffer) => {
        seen += c.length;
        if (seen > LINGER_BYTES) cut();
      });
      req.once('end', () => clearTimeout(timer));
      req.resume();
    });
    throw err;
  }
}

@ApiTags('documents')
@ApiBearerAuth()
@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  // every role but donors (a donor never sees a person's record); each query scopes the caller
  @Roles('admin', 'supervisor', 'caseworker', 'ngo_staff')
  @Get()
  async list(@CurrentActor() actor: Actor, @Query() raw: RawListQuery, @Res({ passthrough: true }) res: Response): Promise<DocumentDto[]> {
    const q = parseListQuery(raw, { sortable: DOCUMENT_SORTABLE, defaultSort: { field: 'createdAt', order: 'DESC' }, parseFilter });
    return withContentRange(res, 'documents', q, await this.documents.list(actor, q));
  }

  // multipart/form-data: the fields returneeId, type, title and the optional ones FIRST, then the part `file`.
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    description: 'The fields first, then the file (its type is decided by its content: PDF, JPEG, PNG, WebP, HEIC, DOCX, XLSX)',
    schema: {
      type: 'object',
      required: ['returneeId', 'type', 'title', 'file'],
      properties: {
        returneeId: { type: 'string', format: 'uuid' },
        caseId: { type: 'string', format: 'uuid' },
        referralId: { type: 'string', format: 'uuid' },
        planId: { type: 'string', format: 'uuid' },
        type: { type: 'string', enum: [...DOCUMENT_TYPES] },
        title: { type: 'string', maxLength: 200 },
        issuedOn: { type: 'string', format: 'date' },
        issuerCountry: { type: 'string', example: 'RU' },
        issuer: { type: 'string', maxLength: 200 },
        expiresOn: { type: 'string', format: 'date' },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @Roles('supervisor', 'caseworker')
  @Post()
  upload(@CurrentActor() actor: Actor, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<DocumentDto> {
    return closingOnError(req, res, () => this.documents.upload(actor, req));
  }

  @Roles('admin', 'supervisor', 'caseworker', 'ngo_staff')
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<DocumentDto> {
    return this.documents.get(actor, p.id);
  }

  @Roles('supervisor', 'caseworker')
  @Put(':id')
  update(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: UpdateDocumentDto): Promise<DocumentDto> {
    return this.documents.update(actor, p.id, dto);
  }

  @Roles('supervisor', 'caseworker')
  @Delete(':id')
  remove(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<DocumentDto> {
    return this.documents.remove(actor, p.id);
  }

  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @Roles('supervisor', 'caseworker')
  @Post(':id/versions')
  addVersion(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<DocumentDto> {
    return closingOnError(req, res, () => this.documents.uploadVersion(actor, p.id, req));
  }

  @Roles('admin', 'supervisor', 'caseworker', 'ngo_staff')
  @Get(':id/versions')
  versions(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<DocumentVersionDto[]> {
    return this.documents.versions(actor, p.id);
  }

  @Roles('admin')
  @Post(':id/purge')
  @HttpCode(HttpStatus.OK)
  purge(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<DocumentDto> {
    return this.documents.purge(actor, p.id);
  }

  @Roles('supervisor', 'caseworker', 'ngo_staff')
  @Post(':id/links')
  link(@CurrentActor() actor: Actor, @Param() p: UuidParam, @Body() dto: CreateLinkDto): Promise<DocumentLinkDto> {
    return this.documents.createLink(actor, p.id, dto);
  }
}

// The signed download links: no bearer token (the link is the authority, checked against its user's access now).
// The answer is the file itself, with headers that keep a browser from treating it as anything but what it is.
@ApiTags('documents')
@Controller('files')
export class FilesController {
  constructor(private readonly documents: DocumentsService) {}

  @Public()
  @ApiProduces(...CONTENT_TYPES)
  @Get(':token')
  async download(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const file = await this.documents.openLink(token, req.ip ?? null);
    res.status(200);
    res.setHeader('Content-Type', file.contentType);
    if (file.bytes !== null) res.setHeader('Content-Length', String(file.bytes));
    res.setHeader('Content-Disposition', contentDisposition(file.disposition, file.fileName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (file.disposition === 'inline') {
      // a preview in the console's own page (an <iframe> or <img>), nothing it can run or load from elsewhere
      // (object-src 'self': the browser's own PDF viewer embeds the document itself)
      res.setHeader('Content-Security-Policy', "default-src 'none'; img-src 'self'; object-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'");
      res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    } else {
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox; frame-ancestors 'none'");
      res.setHeader('X-Frame-Options', 'DENY');
    }
    file.stream.on('error', () => res.destroy());
    file.stream.pipe(res);
  }
}
