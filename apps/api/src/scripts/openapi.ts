import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { generateDataKey } from '@kaytuu/shared';
import { AppModule } from '../app.module';
import { openApiConfig } from '../app.factory';

// `npm run openapi`: writes docs/openapi.json from the compiled API (the swagger CLI plugin fills in the DTO schemas).
// Preview mode builds the module graph without instantiating providers, so no database is needed; config still
// validates at boot, hence placeholders when the variables are unset.
async function main(): Promise<void> {
  process.env.DATABASE_URL ??= 'postgres://openapi@localhost/unused';
  process.env.JWT_SECRET ??= 'openapi-generation-only';
  process.env.DATA_KEYS ??= `openapi:${generateDataKey()}`;
  process.env.DATA_HMAC_KEY ??= generateDataKey();
  const app = await NestFactory.create(AppModule.register(), { preview: true, logger: false });
  app.setGlobalPrefix('api');
  const doc = SwaggerModule.createDocument(app, openApiConfig());
  const out = join(process.argv[2] ?? process.cwd(), 'docs/openapi.json');
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`Wrote ${out} (${Object.keys(doc.paths).length} paths)`);
  await app.close();
}

main().catch((err: unknown) => {
  console.error('OpenAPI generation failed:', err);
  process.exit(1);
});
