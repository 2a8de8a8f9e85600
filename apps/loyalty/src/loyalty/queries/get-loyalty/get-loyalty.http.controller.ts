import { DomainError } from '@app/core';
import { DAPR_UNAVAILABLE } from '@app/dapr';
import { AggregateIdParam, ApiParamExample, ApiProblems, SEEDED, VALIDATION_PROBLEMS } from '@app/platform';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LoyaltyAccountRepository } from '../../database/loyalty-account.repository';
import { TierReplicaRepository } from '../../database/tier-replica.repository';
import { LoyaltyResponseDto } from './loyalty.response.dto';

@ApiTags('loyalty')
@Controller('loyalty')
export class GetLoyaltyHttpController {
  constructor(
    private readonly accounts: LoyaltyAccountRepository,
    private readonly tiers: TierReplicaRepository,
  ) {}

  @Get(':id')
  @ApiParamExample(SEEDED.customerId)
  @ApiOperation({ operationId: 'getLoyalty', summary: "A customer's loyalty points (from the Dapr state store)" })
  @ApiOkResponse({ type: LoyaltyResponseDto })
  @ApiProblems({ 400: VALIDATION_PROBLEMS, 404: ['LOYALTY.NOT_FOUND'], 503: [DAPR_UNAVAILABLE] })
  async get(@Param() { id }: AggregateIdParam): Promise<LoyaltyResponseDto> {
    const [stored, tier] = await Promise.all([this.accounts.find(id), this.tiers.tierOf(id)]);
    if (!stored) throw new DomainError('NotFound', 'LOYALTY.NOT_FOUND', `no loyalty points for customer ${id} yet`);
    const { points, processedOrderIds } = stored.value;
    return { customerId: id, points, awardedOrders: processedOrderIds.length, ...(tier ? { tier } : {}) };
  }
}
