export { DocumentsModule } from './documents.module';
export { DocumentsService, type ChecklistDocument, type DocumentFact, MAX_IMAGE_PIXELS } from './documents.service';
export { DocumentsError, DocumentsErrorCode } from './documents.errors';
export { DOCUMENT_TYPES, type DocumentType, CONTENT_TYPES, type ContentType, DocumentRow, DocumentVersion } from './document.entity';
export type { DocumentDto, DocumentVersionDto, DocumentLinkDto } from './dto/document.dto';
export { CreateDocumentFields, UpdateDocumentDto, CreateLinkDto } from './dto/document-input.dto';
export { cleanFileName, contentDisposition, downloadName } from './file-content';
