import { Module } from '@nestjs/common';
import { CreateProductHandler } from './commands/create-product/create-product.handler';
import { CreateProductHttpController } from './commands/create-product/create-product.http.controller';
import { AdjustStockHttpController } from './commands/adjust-stock/adjust-stock.http.controller';
import { ProductWriter } from './commands/product-writer';
import { SaveProductHttpController } from './commands/save-product/save-product.http.controller';
import { ProductRepository } from './database/product.repository';
import { ShippedOrderRepository } from './database/shipped-order.repository';
import { TakeShippedStockHandler } from './events/take-shipped-stock/take-shipped-stock.handler';
import { TakeShippedStockMessageController } from './events/take-shipped-stock/take-shipped-stock.message.controller';
import { GetProductHttpController } from './queries/get-product/get-product.http.controller';
import { ListProductsHttpController } from './queries/list-products/list-products.http.controller';

/** Products and their stock. */
@Module({
  controllers: [ListProductsHttpController, GetProductHttpController, SaveProductHttpController, CreateProductHttpController, AdjustStockHttpController, TakeShippedStockMessageController],
  providers: [ProductRepository, ShippedOrderRepository, ProductWriter, CreateProductHandler, TakeShippedStockHandler],
  exports: [ProductRepository],
})
export class ProductsModule {}
