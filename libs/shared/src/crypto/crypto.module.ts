import { Global, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { appConfig } from '../config/app.config';
import { FieldCipher } from './field-cipher';

// One FieldCipher per process, built from the validated DATA_KEYS / DATA_KEY_ID / DATA_HMAC_KEY.
@Global()
@Module({
  providers: [{ provide: FieldCipher, inject: [appConfig.KEY], useFactory: (cfg: ConfigType<typeof appConfig>) => new FieldCipher(cfg.dataKeys) }],
  exports: [FieldCipher],
})
export class CryptoModule {}
