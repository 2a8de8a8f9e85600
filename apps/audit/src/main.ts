import 'reflect-metadata';
import { runService } from '@app/platform';
import { auditService } from './audit.service-definition';

void runService(auditService);
