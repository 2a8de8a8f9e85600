import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DAPR_API_TAG } from './dapr-delivery';

/** What daprd asks an app at start: no actor config, no programmatic subscriptions (they are declarative). */
@ApiTags(DAPR_API_TAG)
@Controller('dapr')
export class DaprAppChannelController {
  @Get('config')
  @ApiOperation({ summary: 'Actor configuration: none' })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: false, properties: {} } })
  config(): Record<string, never> {
    return {};
  }

  @Get('subscribe')
  @ApiOperation({ summary: 'Programmatic subscriptions: none (they are declarative, dapr/components/*.subscription.yaml)' })
  @ApiOkResponse({ schema: { type: 'array', maxItems: 0, items: {} } })
  subscriptions(): never[] {
    return [];
  }
}
