import { Module } from '@nestjs/common';
import { CatalogueRepository } from './database/catalogue.repository';
import { CatalogueProjector } from './events/project-catalogue/catalogue.projector';
import { GetCatalogueEntryHttpController } from './queries/get-catalogue-entry/get-catalogue-entry.http.controller';
import { ListCatalogueHttpController } from './queries/list-catalogue/list-catalogue.http.controller';

/** The catalogue view: products joined with their review statistics; source of the stock alert events. */
@Module({
  controllers: [ListCatalogueHttpController, GetCatalogueEntryHttpController],
  providers: [CatalogueRepository, CatalogueProjector],
  exports: [CatalogueProjector, CatalogueRepository],
})
export class CatalogueModule {}
