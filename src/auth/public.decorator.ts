import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'dealLedger:isPublic';

/** Opts a resolver or route out of the global bearer-token guard. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
