import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { RequestContext } from '../infrastructure/graphql/request-context';
import type { Viewer } from './viewer';

/** The authenticated caller of a GraphQL operation. */
export const CurrentViewer = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Viewer => {
    return GqlExecutionContext.create(context).getContext<RequestContext>().viewer;
  },
);

/** The whole per-request context (viewer and loaders), for field resolvers. */
export const Ctx = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestContext => {
    return GqlExecutionContext.create(context).getContext<RequestContext>();
  },
);
