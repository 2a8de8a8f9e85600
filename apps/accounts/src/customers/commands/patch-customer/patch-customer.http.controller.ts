import { AggregateIdParam, ApiParamExample, ApiProblems, BODY_PROBLEMS, CorrelationId, parseIfMatch, SEEDED, STORE_UNAVAILABLE } from '@app/platform';
import { Body, Controller, Headers, Param, Patch, Res } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { CustomerResponseDto } from '../../dtos/customer.response.dto';
import { answerWrite } from '../customer-write.response';
import { PatchCustomerHandler } from './patch-customer.handler';
import { PATCH_FIELDS, PatchCustomerRequestDto, requireSomeField } from './patch-customer.request.dto';

@ApiTags('customers')
@ApiExtraModels(PatchCustomerRequestDto)
@Controller('customers')
export class PatchCustomerHttpController {
  constructor(private readonly handler: PatchCustomerHandler) {}

  @Patch(':id')
  @ApiParamExample(SEEDED.customerId)
  @ApiOperation({
    operationId: 'patchCustomer',
    summary: "Change some of a customer's fields (e.g. the tier)",
    description:
      'Each field given (tier, name, contact, addresses) replaces the stored one; the rest, cards included, stays. ' +
      'Publishes CustomerChanged (Replaced, with the full new state); the same values again change nothing (200, same version). ' +
      `The body must give at least one of ${PATCH_FIELDS.join(', ')}; a null reads as not given, so no body, {} or only nulls get 400 REQUEST.VALIDATION_FAILED.`,
  })
  @ApiBody({
    required: true,
    schema: { allOf: [{ $ref: getSchemaPath(PatchCustomerRequestDto) }], minProperties: 1 },
    examples: { 'promote to Gold': { value: { tier: 'Gold' } } },
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'Expected version, e.g. "3"; a stale one gets 409 CUSTOMER.VERSION_CONFLICT (as PUT)' })
  @ApiOkResponse({ type: CustomerResponseDto, description: 'Changed or unchanged; the ETag header carries the version' })
  @ApiProblems({
    400: [...BODY_PROBLEMS, 'REQUEST.BAD_IF_MATCH'],
    404: ['CUSTOMER.NOT_FOUND'],
    409: ['CUSTOMER.VERSION_CONFLICT', 'CUSTOMER.CONCURRENT_MODIFICATION'],
    503: [STORE_UNAVAILABLE],
  })
  async patch(
    @Param() { id }: AggregateIdParam,
    @Body() body: PatchCustomerRequestDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CustomerResponseDto> {
    return answerWrite(res, await this.handler.execute({ customerId: id, ...requireSomeField(body), expectedVersion: parseIfMatch(ifMatch) }, correlationId));
  }
}
