import { EnvInt, ServiceConfig, daprTokenProblem } from '@app/platform';
import { IsInt, IsString, Max, Min, ValidateBy, ValidationArguments } from 'class-validator';

const tokenProblem = (args?: ValidationArguments): string | undefined => {
  const config = args?.object as DaprServiceConfig | undefined;
  return daprTokenProblem(config?.DAPR_APP_API_TOKEN, config?.HTTP_HOST ?? '');
};

/** A service that talks to the world through its Dapr sidecar, and takes deliveries and ticks from it. */
export class DaprServiceConfig extends ServiceConfig {
  @IsString()
  DAPR_HOST = '127.0.0.1';

  @EnvInt()
  @IsInt()
  @Min(1)
  @Max(65535)
  DAPR_HTTP_PORT = 3500;

  /**
   * The app API token daprd sends in `dapr-api-token` (the APP_API_TOKEN it was started with): the routes
   * daprd calls refuse requests without it. Required unless HTTP_HOST is a loopback address. From the
   * environment or a Kubernetes Secret only, never from a committed file.
   */
  @ValidateBy({
    name: 'daprAppApiToken',
    validator: {
      validate: (_value, args) => tokenProblem(args) === undefined,
      defaultMessage: (args) => tokenProblem(args) ?? '',
    },
  })
  DAPR_APP_API_TOKEN?: string;
}
