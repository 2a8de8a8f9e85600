import { EnvInt, ServiceConfig } from '@app/platform';
import { IsInt, IsString, Max, Min } from 'class-validator';

/** A service that talks to the world through its Dapr sidecar. */
export class DaprServiceConfig extends ServiceConfig {
  @IsString()
  DAPR_HOST = '127.0.0.1';

  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  DAPR_HTTP_PORT = 3500;
}
