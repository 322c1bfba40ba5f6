import { type DynamicModule, Global, Module, type Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SecurityModule } from '../security/security.module';
import { SignUpThrottle } from '../security/sign-in-throttle.service';
import { AuthGuard } from './auth.guard';
import { AuthRepository } from './auth.repository';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';

/**
 * Accounts, tokens and the global guard. `forRoot` takes the modules that provide sign-up's
 * ports (`CreatorSignUp`, `BrandSignUp` in sign-up-profiles.ts), so auth imports no feature;
 * AuthService is global, for the features that act for a user (signed links, idempotency).
 */
@Global()
@Module({})
export class AuthModule {
  static forRoot(signUpProviders: Type[]): DynamicModule {
    return {
      module: AuthModule,
      imports: [SecurityModule, ...signUpProviders],
      providers: [
        AuthService,
        AuthRepository,
        AuthResolver,
        SignUpThrottle,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AuthService],
    };
  }
}
