import { MONGO_DB } from '@app/mongo';
import { Inject, Injectable } from '@nestjs/common';
import { Db } from 'mongodb';
import { ProductView } from '../../orders/domain/order.types';
import { VersionedReplicaRepository } from '../../replica/versioned-replica.repository';

export const PRODUCT_REPLICA_COLLECTION = 'product_replica';

/** The products orders knows about (name and price), from catalog.product.events. */
@Injectable()
export class ProductReplicaRepository extends VersionedReplicaRepository<ProductView> {
  constructor(@Inject(MONGO_DB) db: Db) {
    super(db, PRODUCT_REPLICA_COLLECTION);
  }
}
