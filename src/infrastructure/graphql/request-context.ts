import type { Request } from 'express';
import type { Viewer } from '../../auth/viewer';
import { unauthenticated } from '../../common/errors/app-error';

export interface AuthenticatedRequest extends Request {
  viewer?: Viewer;
}

/**
 * Per-request state shared by resolvers: the caller and a memo of DataLoaders, so every
 * loader batches within one request and never leaks rows across callers.
 */
export class RequestContext {
  private readonly loaders = new Map<string, unknown>();

  constructor(readonly req: AuthenticatedRequest) {}

  get viewer(): Viewer {
    if (!this.req.viewer) throw unauthenticated();
    return this.req.viewer;
  }

  loader<T>(name: string, create: () => T): T {
    let loader = this.loaders.get(name) as T | undefined;
    if (loader === undefined) {
      loader = create();
      this.loaders.set(name, loader);
    }
    return loader;
  }
}

/**
 * The arguments of a field that takes none. Field resolvers on hot lists take graphql-js's own
 * `(parent, args, context)` with no parameter decorator: @nestjs/graphql then binds the method as
 * it is instead of wrapping every call in its context creator and pipes (a page of 50 rows makes
 * hundreds of such calls). Guards, interceptors and filters do not run on fields either way.
 */
export type NoArgs = Record<string, never>;
