import { ValidationPipe } from '@nestjs/common';
import { requestValidationError } from './request-validation.error';

/** Whitelisting pipe: unknown fields are rejected, every problem names its field. */
export const createValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => requestValidationError(errors),
  });
