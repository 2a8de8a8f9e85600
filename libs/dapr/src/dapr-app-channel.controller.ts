import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/** What daprd asks an app at start: no actor config, no programmatic subscriptions (they are declarative). */
@ApiExcludeController()
@Controller('dapr')
export class DaprAppChannelController {
  @Get('config')
  config(): Record<string, never> {
    return {};
  }

  @Get('subscribe')
  subscriptions(): never[] {
    return [];
  }
}
