import { DomainError } from '@app/core';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OrdersConfig } from '../../../orders.config';
import { MinVersionQueryDto } from '../../../orders/dtos/min-version.query.dto';
import { CustomerReplicaRepository } from '../../database/customer-replica.repository';
import { CustomerReplicaResponseDto } from './customer-replica.response.dto';

@ApiTags('customer replica')
@Controller('customer-replicas')
export class GetCustomerReplicaHttpController {
  constructor(
    private readonly replica: CustomerReplicaRepository,
    private readonly config: OrdersConfig,
  ) {}

  @Get(':customerId')
  @ApiOperation({
    summary: "The orders service's copy of a customer",
    description: 'With ?minVersion=N waits (bounded by REPLICA_WAIT_MAX_MS) until the replica has applied version N; 503 REPLICA.NOT_CAUGHT_UP if it has not.',
  })
  @ApiOkResponse({ type: CustomerReplicaResponseDto })
  async get(@Param('customerId') customerId: string, @Query() { minVersion }: MinVersionQueryDto): Promise<CustomerReplicaResponseDto> {
    const view = minVersion
      ? await this.replica.waitForVersion(customerId, minVersion, this.config.REPLICA_WAIT_MAX_MS)
      : await this.replica.findById(customerId);
    if (!view && !minVersion) throw new DomainError('NotFound', 'CUSTOMER_REPLICA.NOT_FOUND', `customer ${customerId} is not in the replica`);
    if (!view || (minVersion && view.version < minVersion)) {
      throw new DomainError('Unavailable', 'REPLICA.NOT_CAUGHT_UP', `replica has not reached version ${minVersion} of customer ${customerId} yet`);
    }
    return view;
  }
}
