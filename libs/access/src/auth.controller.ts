import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, UuidParam } from '@kaytuu/shared';
import { CurrentActor, Public } from './auth.decorators';
import { AuthService, LoginResult, SessionDto } from './auth.service';
import { ChangePasswordDto, LoginDto, RefreshDto, UserDto } from './dto/user.dto';
import { LoginThrottle } from './throttle';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @LoginThrottle()
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Ip() ip: string, @Req() req: { headers: Record<string, unknown> }): Promise<LoginResult> {
    // the device of the new session (its list of sessions); read from the request, not a documented parameter
    const userAgent = req.headers['user-agent'];
    return this.auth.login(dto.email, dto.password, ip ?? null, typeof userAgent === 'string' ? userAgent : null);
  }

  @Public()
  @LoginThrottle()
  @Post('refresh')
  @HttpCode(200)
  refresh(@Body() dto: RefreshDto): Promise<LoginResult> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  async logout(@Body() dto: RefreshDto): Promise<void> {
    await this.auth.logout(dto.refreshToken);
  }

  @ApiBearerAuth()
  @Get('me')
  me(@CurrentActor() actor: Actor): Promise<UserDto> {
    return this.auth.me(actor);
  }

  // Own password: the current one required; the caller's other sessions end.
  @ApiBearerAuth()
  @LoginThrottle()
  @Post('password')
  @HttpCode(200)
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<{ sessionsEnded: number }> {
    return this.auth.changePassword(actor, dto.currentPassword, dto.newPassword);
  }

  // The caller's live sessions (device, IP, started, last seen); `current` marks the one this request came with.
  @ApiBearerAuth()
  @Get('sessions')
  sessions(@CurrentActor() actor: Actor): Promise<SessionDto[]> {
    return this.auth.sessions(actor);
  }

  // Ends every other session of the caller.
  @ApiBearerAuth()
  @Delete('sessions')
  endOtherSessions(@CurrentActor() actor: Actor): Promise<{ ended: number }> {
    return this.auth.endOtherSessions(actor);
  }

  // Ends one session of the caller's; another user's session answers 404.
  @ApiBearerAuth()
  @Delete('sessions/:id')
  @HttpCode(204)
  async endSession(@CurrentActor() actor: Actor, @Param() p: UuidParam): Promise<void> {
    await this.auth.endSession(actor, p.id);
  }
}
