import { Global, Injectable, Module } from '@nestjs/common';

// The one source of "now" for rules that depend on time (reminders, escalation, overdue), so tests can move time
// by overriding this provider instead of waiting.
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
