import { etagOf } from '@app/platform';
import type { Response } from 'express';
import { CustomerMapper } from '../database/customer.mapper';
import { CustomerResponseDto } from '../dtos/customer.response.dto';
import { CustomerWriteResult } from './customer-writer';

/** 201 when created (else 200), the version as ETag, where the customer lives as Location. */
export function answerWrite(res: Response, { customer, created }: CustomerWriteResult): CustomerResponseDto {
  res.status(created ? 201 : 200).setHeader('ETag', etagOf(customer.version));
  res.setHeader('Location', `/customers/${encodeURIComponent(customer.snapshot.customerId)}`);
  return CustomerMapper.toResponse(customer);
}
