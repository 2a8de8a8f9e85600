import 'reflect-metadata';
import { runService } from '@app/platform';
import { streamProcessorService } from './stream-processor.service-definition';

void runService(streamProcessorService);
