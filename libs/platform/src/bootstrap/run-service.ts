import { INestApplication, Type } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { CustomTransportStrategy } from '@nestjs/microservices';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { json } from 'express';
import { Logger } from 'nestjs-pino';
import { bodyParserErrors } from '../http/body-parser-errors';
import { bodyShape } from '../http/body-shape';
import { closeObjectSchemas, readableOperationId } from '../http/openapi-document';
import { ConfigError, validateConfig } from '../config/validate-config';
import { ServiceConfig } from '../config/service.config';
import { ProblemDetailsFilter } from '../http/problem-details.filter';
import { createValidationPipe } from '../http/validation.pipe';
import { JSON_MEDIA_TYPES, MAX_BODY_BYTES, answerClientErrors, requestLimits } from '../http/request-limits';
import { UndeclaredQueryGuard } from '../http/undeclared-query.guard';
import { DEFAULT_OPEN_PATHS } from '../security/api-key';
import { ApiKeyGuard } from '../security/api-key.guard';
import { apiKeyMiddleware } from '../security/api-key.middleware';
import { documentApiKey } from '../security/api-key.openapi';
import { documentDaprToken, hasDaprRoutes } from '../security/called-by-dapr.openapi';
import { DaprTokenGuard } from '../security/dapr-token.guard';
import { fatal, installFatalExit } from './fatal-exit';

/** Where SwaggerModule.setup below serves the UI and the JSON document. */
const SWAGGER_PATHS = ['/docs', '/docs-json'];

export interface ServiceDefinition<C extends ServiceConfig> {
  name: string;
  description: string;
  configClass: new () => C;
  module: (config: C) => Type<unknown> | import('@nestjs/common').DynamicModule;
  /** The Kafka transport feeding the app's @EventPattern handlers, if it consumes. */
  transport?: (app: INestApplication, config: C) => Promise<CustomTransportStrategy>;
}

/** Who may call what: API keys for the public API (but its open paths), daprd's app API token for the routes it calls. */
export interface HttpSecurity {
  API_KEYS?: string[];
  /** Unset: DEFAULT_OPEN_PATHS. */
  API_OPEN_PATHS?: string[];
  /** Only services with routes daprd calls declare it (DaprServiceConfig). */
  DAPR_APP_API_TOKEN?: string;
}

/** Applies what every service shares: logger, request limits, API keys, Dapr token, validation, problem details, Swagger at /docs. */
export function configureHttp(app: INestApplication, name: string, description: string, config: HttpSecurity = {}): void {
  const logger = app.get(Logger);
  app.useLogger(logger);
  answerClientErrors(app.getHttpServer());
  // application/*+json too: Dapr delivers pub/sub messages as application/cloudevents+json.
  app.use(requestLimits, json({ limit: MAX_BODY_BYTES, type: JSON_MEDIA_TYPES }), bodyParserErrors, bodyShape);
  const keys = config.API_KEYS ?? [];
  const openPaths = config.API_OPEN_PATHS ?? DEFAULT_OPEN_PATHS;
  // Swagger is served by Express, out of the guards' sight: the same check in front of it.
  app.use(apiKeyMiddleware(keys, openPaths, SWAGGER_PATHS));
  const reflector = app.get(Reflector);
  // The token first: a forged call to a route daprd calls is refused before anything else looks at it.
  app.useGlobalGuards(new DaprTokenGuard(config.DAPR_APP_API_TOKEN, reflector), new ApiKeyGuard(keys, reflector, openPaths), new UndeclaredQueryGuard());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  const document = openApiDocument(app, name, description, config);
  if (config.DAPR_APP_API_TOKEN === undefined && hasDaprRoutes(document)) logger.warn(`${name}: DAPR_APP_API_TOKEN is unset, so the routes daprd calls take requests from any local process (allowed on a loopback HTTP_HOST only)`);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/** The service's OpenAPI document as /docs-json serves it; the deploy tests build it offline from the app's module graph. */
export function openApiDocument(app: INestApplication, name: string, description: string, config: HttpSecurity = {}): OpenAPIObject {
  const info = new DocumentBuilder().setTitle(name).setDescription(description).setVersion('1').build();
  let document = closeObjectSchemas(SwaggerModule.createDocument(app, info, { operationIdFactory: readableOperationId }));
  if (config.API_KEYS?.length) document = documentApiKey(document, config.API_OPEN_PATHS ?? DEFAULT_OPEN_PATHS);
  if (config.DAPR_APP_API_TOKEN !== undefined) document = documentDaprToken(document);
  return document;
}

/** Builds (without listening) a service from a validated config: used by main.ts and by tests. */
export async function createService<C extends ServiceConfig>(def: ServiceDefinition<C>, config: C): Promise<INestApplication> {
  const app = await NestFactory.create(def.module(config), { bufferLogs: true, bodyParser: false });
  configureHttp(app, def.name, def.description, config);
  if (def.transport) {
    app.connectMicroservice({ strategy: await def.transport(app, config) }, { inheritAppConfig: true });
    await app.startAllMicroservices();
  }
  return app;
}

/** The entry point of every service: leave a reason for any death, refuse to start on bad config, listen. */
export async function runService<C extends ServiceConfig>(def: ServiceDefinition<C>): Promise<void> {
  installFatalExit({ service: def.name });
  let config: C;
  try {
    config = validateConfig(def.configClass);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // 78: EX_CONFIG (sysexits.h), so a supervisor can tell bad configuration from a crash.
    fatal(`refuses to start. ${error.message}`, undefined, 78);
  }
  const app = await createService(def, config);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  app.get(Logger).log(`${def.name} listening on http://${config.HTTP_HOST}:${config.HTTP_PORT} (Swagger UI at /docs)`);
}
