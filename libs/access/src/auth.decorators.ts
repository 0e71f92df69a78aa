import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Actor, Role } from '@kaytuu/shared';

export const IS_PUBLIC = 'kaytuu:public';
export const ROLES_KEY = 'kaytuu:roles';

// Routes are authenticated by default; @Public() opts out (login, refresh, health, docs).
export const Public = () => SetMetadata(IS_PUBLIC, true);
// Which roles may call a route at all; finer scope (office, organisation) is applied in the queries.
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!req.actor) throw new Error('CurrentActor used on a public route');
  return req.actor;
});
