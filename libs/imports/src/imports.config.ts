import { registerAs } from '@nestjs/config';
import { plainToInstance, Type } from 'class-transformer';
import { IsInt, Max, Min, validateSync } from 'class-validator';

class ImportsEnv {
  // the largest CSV an upload may carry; a bigger one is refused with 413 and nothing is stored
  @Type(() => Number) @IsInt() @Min(1024) @Max(2 * 1024 * 1024 * 1024) IMPORT_MAX_BYTES: number = 50 * 1024 * 1024;
}

export type ImportsConfig = { maxBytes: number };

export function loadImportsConfig(env: NodeJS.ProcessEnv = process.env): ImportsConfig {
  const parsed = plainToInstance(ImportsEnv, env.IMPORT_MAX_BYTES ? { IMPORT_MAX_BYTES: env.IMPORT_MAX_BYTES } : {});
  const errors = validateSync(parsed);
  if (errors.length > 0) throw new Error(`Invalid configuration: IMPORT_MAX_BYTES: ${Object.values(errors[0].constraints ?? {}).join(', ')}`);
  return { maxBytes: parsed.IMPORT_MAX_BYTES };
}

export const importsConfig = registerAs('imports', () => loadImportsConfig());
