import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ServiceConfig } from '../config/service.config';
import { correlationIdOf } from '../http/request-context';

/** Paths that could hold secrets or card numbers; pino replaces them before a line is written. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'number',
  '*.number',
  '*.*.number',
  'creditCards[*].number',
  '*.creditCards[*].number',
  'password',
  '*.password',
  'sasl',
  '*.sasl',
];

/** JSON logs with the correlation id on every request line. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [ServiceConfig],
      useFactory: (config: ServiceConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          redact: { paths: REDACT_PATHS, censor: '[redacted]' },
          genReqId: (req, res) => {
            const id = correlationIdOf(req);
            res.setHeader('x-correlation-id', id);
            return id;
          },
          customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
          autoLogging: { ignore: (req) => req.url === '/metrics' || (req.url ?? '').startsWith('/health') },
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
          },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
