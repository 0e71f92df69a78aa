import { Global, Module } from '@nestjs/common';
import { Queues } from './queues.service';

@Global()
@Module({ providers: [Queues], exports: [Queues] })
export class QueueModule {}
