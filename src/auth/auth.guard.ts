import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { unauthenticated } from '../common/errors/app-error';
import type {
  AuthenticatedRequest,
  RequestContext,
} from '../infrastructure/graphql/request-context';
import { AuthService } from './auth.service';
import { IS_PUBLIC } from './public.decorator';

/** Deny by default: every operation needs a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = this.requestOf(context);
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    // Field resolvers run after their root field was authorised.
    if (request.viewer) return true;
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    const viewer = match ? await this.auth.viewerForToken(match[1]) : null;
    if (viewer) {
      request.viewer = viewer;
      return true;
    }
    // Public operations (sign-up, sign-in, health) work with or without a usable token.
    if (isPublic) return true;
    if (!header) throw unauthenticated();
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    throw unauthenticated('The token is invalid, expired or revoked');
  }

  private requestOf(context: ExecutionContext): AuthenticatedRequest {
    if (context.getType<GqlContextType>() === 'graphql') {
      return GqlExecutionContext.create(context).getContext<RequestContext>().req;
    }
    return context.switchToHttp().getRequest<AuthenticatedRequest>();
  }
}
