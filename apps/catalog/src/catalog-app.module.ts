import { IdempotencyModule } from '@app/idempotency';
import { ServiceModule } from '@app/service';
import { DynamicModule, Module } from '@nestjs/common';
import { CatalogConfig } from './catalog.config';
import { PRODUCTS_COLLECTION } from './products/database/product.document';
import { ProductsModule } from './products/products.module';
import { REVIEWS_COLLECTION } from './reviews/database/review.document';
import { ReviewsModule } from './reviews/reviews.module';

@Module({})
export class CatalogAppModule {
  static forRoot(config: CatalogConfig): DynamicModule {
    return {
      module: CatalogAppModule,
      imports: [
        ServiceModule.forRoot({ clientId: 'catalog', configClass: CatalogConfig, config, outboxCollections: [PRODUCTS_COLLECTION, REVIEWS_COLLECTION], consumes: true }),
        IdempotencyModule,
        ProductsModule,
        ReviewsModule,
      ],
    };
  }
}
