export * from './infra';
export * from './wait-for';
export * from './unique';
export * from './kafka-reader';
export * from './service-process';
export * from './fixtures';
export * from './metrics';
export * from './test-topics';
