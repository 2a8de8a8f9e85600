import { Module } from '@nestjs/common';
import { ProductReplicaRepository } from './database/product-replica.repository';
import { ProjectProductChangedMessageController } from './events/project-product-changed/project-product-changed.message.controller';
import { GetProductReplicaHttpController } from './queries/get-product-replica/get-product-replica.http.controller';

/** The orders service's own copy of products, built from catalog.product.events. */
@Module({
  controllers: [ProjectProductChangedMessageController, GetProductReplicaHttpController],
  providers: [ProductReplicaRepository],
  exports: [ProductReplicaRepository],
})
export class ProductReplicaModule {}
