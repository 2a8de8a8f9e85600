import { Injectable } from '@nestjs/common';
import { OrdersConfig } from '../../orders.config';
import { ProductView } from '../../orders/domain/order.types';
import { replicaWaitLimits } from '../../replica/version-waits';
import { ReplicaGenerations } from '../../replica/replica-generations';
import { VersionedReplicaRepository } from '../../replica/versioned-replica.repository';

export const PRODUCT_REPLICA_COLLECTION = 'product_replica';

/** The products orders knows about (name and price), from catalog.product.events. */
@Injectable()
export class ProductReplicaRepository extends VersionedReplicaRepository<ProductView> {
  constructor(generations: ReplicaGenerations, config: OrdersConfig) {
    super(() => generations.collection('replicas', PRODUCT_REPLICA_COLLECTION), replicaWaitLimits(config), 'product');
  }
}
