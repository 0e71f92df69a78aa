import { applyDecorators, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { Actor } from '@kaytuu/shared';

// The named throttlers of AccessModule. ThrottlerGuard applies every throttler it knows, so each route skips the others.
export const LOGIN_THROTTLER = 'login';
export const EXPORT_THROTTLER = 'export';
export const EXPORT_THROTTLE_TTL_MS = 10 * 60_000;
const EXPORT_FORMATS_KEY = 'kaytuu:export-formats';

type Req = { ip?: string; actor?: Actor; query?: Record<string, unknown> };

// Per IP: login and refresh happen before there is a user.
export const LoginThrottle = () => applyDecorators(UseGuards(ThrottlerGuard), SkipThrottle({ [EXPORT_THROTTLER]: true }));

// Per user (per IP on the off chance there is none): file exports. With formats, only requests whose ?format= is one
// of them count (the same route answers JSON for the console, which is not limited).
export const ExportThrottle = (...formats: string[]) =>
  applyDecorators(SetMetadata(EXPORT_FORMATS_KEY, formats), UseGuards(ThrottlerGuard), SkipThrottle({ [LOGIN_THROTTLER]: true }));

export function exportTracker(req: Req): string {
  return req.actor ? `user:${req.actor.userId}` : `ip:${req.ip ?? 'unknown'}`;
}

export function skipExportThrottle(context: ExecutionContext): boolean {
  const formats = Reflect.getMetadata(EXPORT_FORMATS_KEY, context.getHandler()) as string[] | undefined;
  if (!formats?.length) return false;
  const format = context.switchToHttp().getRequest<Req>().query?.format;
  return typeof format !== 'string' || !formats.includes(format);
}
