import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { appConfig } from '../config/app.config';
import { FieldCipher } from '../crypto/field-cipher';
import { EncryptedFiles } from './encrypted-files';
import { createObjectStore, ObjectStore } from './object-store';

// The injection token of the process's one ObjectStore (chosen by config.objectStore).
export const OBJECT_STORE = Symbol('OBJECT_STORE');

@Injectable()
class ObjectStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(OBJECT_STORE) private readonly store: ObjectStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

// One ObjectStore and one EncryptedFiles per process; inject EncryptedFiles (or OBJECT_STORE for raw bytes).
@Global()
@Module({
  providers: [
    { provide: OBJECT_STORE, inject: [appConfig.KEY], useFactory: (cfg: ConfigType<typeof appConfig>) => createObjectStore(cfg.objectStore) },
    {
      provide: EncryptedFiles,
      inject: [OBJECT_STORE, FieldCipher],
      useFactory: (store: ObjectStore, cipher: FieldCipher) => new EncryptedFiles(store, cipher),
    },
    ObjectStoreCloser,
  ],
  exports: [OBJECT_STORE, EncryptedFiles],
})
export class StorageModule {}
