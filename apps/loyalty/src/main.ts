import 'reflect-metadata';
import { runService } from '@app/platform';
import { loyaltyService } from './loyalty.service-definition';

void runService(loyaltyService);
