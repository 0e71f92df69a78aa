import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { appConfig } from '@kaytuu/shared';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { RefreshToken } from './refresh-token.entity';
import { TokenService } from './token.service';
import { UserController } from './user.controller';
import { User } from './user.entity';
import { UserService } from './user.service';

@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([User, RefreshToken]),
    JwtModule.registerAsync({
      inject: [appConfig.KEY],
      // a KeyObject, built once: given a string, jsonwebtoken first tries (and fails) to parse it as a public key on
      // every verify, which was the largest single cost of an authenticated request under load
      useFactory: (cfg: ConfigType<typeof appConfig>) => ({ secret: createSecretKey(Buffer.from(cfg.jwtSecret, 'utf8')), signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
    }),
    // per-IP limit on login and refresh (the `login` throttler is applied only where @Throttle names it)
    ThrottlerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (cfg: ConfigType<typeof appConfig>) => ({ throttlers: [{ name: 'login', ttl: 60_000, limit: cfg.loginThrottlePerMinute }] }),
    }),
  ],
  controllers: [AuthController, UserController],
  providers: [TokenService, AuthService, UserService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [UserService, AuthService],
})
export class AccessModule {}
