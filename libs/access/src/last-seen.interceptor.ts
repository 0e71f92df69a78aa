import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { concatMap, Observable } from 'rxjs';
import { Actor } from '@kaytuu/shared';
import { AuthService } from './auth.service';

// A session's "last seen": written after a request of it succeeds, before the answer leaves, at most once a minute per
// session and process (AuthService.touchSession). A refused request writes nothing.
@Injectable()
export class LastSeenInterceptor implements NestInterceptor {
  constructor(private readonly auth: AuthService) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const sid = ctx.switchToHttp().getRequest<{ actor?: Actor }>().actor?.sessionId;
    if (!sid) return next.handle();
    return next.handle().pipe(
      concatMap(async (value: unknown) => {
        await this.auth.touchSession(sid);
        return value;
      }),
    );
  }
}
