import { DynamicModule, Module, Type } from '@nestjs/common';

/** Every class in the config's inheritance chain, so libraries can inject the part they know. */
function configTokens(cls: Type<object>): Type<object>[] {
  const tokens: Type<object>[] = [];
  for (let c: unknown = cls; typeof c === 'function' && c !== Object && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    tokens.push(c as Type<object>);
  }
  return tokens;
}

/** Makes the validated config injectable by its own class and by each base class (ServiceConfig, OutboxConfig...). */
@Module({})
export class ConfigModule {
  static forRoot<T extends object>(cls: Type<T>, config: T): DynamicModule {
    const tokens = configTokens(cls);
    return {
      module: ConfigModule,
      global: true,
      providers: tokens.map((token) => ({ provide: token, useValue: config })),
      exports: tokens,
    };
  }
}
