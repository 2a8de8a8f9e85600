import { ApiProblems, CustomerIdParam, STORE_UNAVAILABLE, VALIDATION_PROBLEMS } from '@app/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OrdersConfig } from '../../../orders.config';
import { readReplica } from '../../../replica/read-replica';
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
    operationId: 'getCustomerReplica',
    summary: "The orders service's copy of a customer",
    description: 'With ?minVersion=N waits (bounded by REPLICA_WAIT_MAX_MS) until the replica has applied version N; 503 REPLICA.NOT_CAUGHT_UP if it has not.',
  })
  @ApiOkResponse({ type: CustomerReplicaResponseDto })
  @ApiProblems({ 400: VALIDATION_PROBLEMS, 404: ['CUSTOMER_REPLICA.NOT_FOUND'], 503: ['REPLICA.NOT_CAUGHT_UP', STORE_UNAVAILABLE] })
  async get(@Param() { customerId }: CustomerIdParam, @Query() { minVersion }: MinVersionQueryDto): Promise<CustomerReplicaResponseDto> {
    return readReplica(this.replica, 'CUSTOMER', customerId, minVersion, this.config.REPLICA_WAIT_MAX_MS);
  }
}
