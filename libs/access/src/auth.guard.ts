import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actor, CommonError, Role } from '@kaytuu/shared';
import { AccessError } from './access.errors';
import { IS_PUBLIC, ROLES_KEY } from './auth.decorators';
import { AuthService } from './auth.service';

type Req = { headers: Record<string, string | undefined>; ip?: string; actor?: Actor };

// Global guard: every route needs a valid access token unless marked @Public(); @Roles() narrows who may call it.
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Req>();
    const header = req.headers['authorization'] ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw AccessError.unauthenticated();
    req.actor = await this.auth.actorFromAccessToken(match[1], req.ip ?? null);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(req.actor.role)) throw CommonError.forbidden();
    return true;
  }
}
