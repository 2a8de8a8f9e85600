import 'reflect-metadata';
import { runService } from '@app/platform';
import { catalogService } from './catalog.service-definition';

void runService(catalogService);
