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
import { RefreshTokenRepository } from './refresh-token.repository';
import { EXPORT_THROTTLE_TTL_MS, EXPORT_THROTTLER, exportTracker, LOGIN_THROTTLER, skipExportThrottle } from './throttle';
import { TokenService } from './token.service';
import { UserController } from './user.controller';
import { User } from './user.entity';
import { UserRepository } from './user.repository';
import { UserService } from './user.service';

@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([User, RefreshToken]),
    JwtModule.registerAsync({
      inject: [appConfig.KEY],
      // a KeyObject, built once: given a string, jsonwebtoken first tries (and fails) to parse it as a public key on
      // every verify, which was the largest single cost of an authenticated request under load
      useFactory: (cfg: ConfigType<typeof appConfig>) => ({
        secret: createSecretKey(Buffer.from(cfg.jwtSecret, 'utf8')),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    // per-IP limit on login and refresh (@LoginThrottle), per-user limit on file exports (@ExportThrottle)
    ThrottlerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (cfg: ConfigType<typeof appConfig>) => ({
        throttlers: [
          { name: LOGIN_THROTTLER, ttl: 60_000, limit: cfg.loginThrottlePerMinute },
          { name: EXPORT_THROTTLER, ttl: EXPORT_THROTTLE_TTL_MS, limit: cfg.exportThrottlePer10Minutes, getTracker: exportTracker, skipIf: skipExportThrottle },
        ],
      }),
    }),
  ],
  controllers: [AuthController, UserController],
  providers: [UserRepository, RefreshTokenRepository, TokenService, AuthService, UserService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [UserService, AuthService],
})
export class AccessModule {}
