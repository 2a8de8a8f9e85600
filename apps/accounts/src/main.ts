import 'reflect-metadata';
import { runService } from '@app/platform';
import { accountsService } from './accounts.service-definition';

void runService(accountsService);
