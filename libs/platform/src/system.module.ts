import { CLOCK, ID_GENERATOR, systemClock, uuidGenerator } from '@app/core';
import { Global, Module } from '@nestjs/common';

/** The real clock and id generator; tests override these tokens. */
@Global()
@Module({
  providers: [
    { provide: CLOCK, useValue: systemClock },
    { provide: ID_GENERATOR, useValue: uuidGenerator },
  ],
  exports: [CLOCK, ID_GENERATOR],
})
export class SystemModule {}
