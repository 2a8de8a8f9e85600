import { CustomerDocumentDto } from '../../../apps/accounts/src/customers/dtos/customer-document.dto';
import { maskCard } from '../../../apps/accounts/src/customers/domain/credit-card.value-object';
import { AggregateIdParam } from '@app/platform/http/aggregate-id.param';
import { BadRequestException, Body, Controller, Get, Inject, Param, Put, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Db } from 'mongodb';
import { PLAIN_DB } from './mongo.provider';

/**
 * The P3 baseline: the same request validation (the accounts DTO) and the same stored customer
 * document (cards masked), written with one upsert — no read-before-write, no outbox, no events.
 */
@Controller()
export class CustomersHttpController {
  constructor(@Inject(PLAIN_DB) private readonly db: Db) {}

  @Put('customers/:id')
  async put(@Param() { id }: AggregateIdParam, @Body() body: CustomerDocumentDto, @Res({ passthrough: true }) res: Response): Promise<Record<string, unknown>> {
    const now = new Date();
    const creditCards = body.creditCards.map((card, i) => {
      const checked = maskCard(card, `creditCards.${i}`, now);
      if (!checked.ok) throw new BadRequestException(checked.problem);
      return checked.card;
    });
    const document = { name: body.name, contact: body.contact ?? {}, addresses: body.addresses, creditCards, tier: body.tier ?? 'Bronze', createdAt: now.toISOString(), updatedAt: now.toISOString(), version: 1 };
    const result = await this.db.collection<{ _id: string }>('customers').replaceOne({ _id: id }, document, { upsert: true });
    res.status(result.upsertedCount === 1 ? 201 : 200);
    return { customerId: id, ...document };
  }

  @Get('health')
  async health(): Promise<{ status: string }> {
    await this.db.command({ ping: 1 });
    return { status: 'ok' };
  }
}
