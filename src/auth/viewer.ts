import type { UserRole } from './user.entity';

/** Who is calling, resolved once per request from the bearer token. */
export interface Viewer {
  userId: string;
  email: string;
  role: UserRole;
  isAdmin: boolean;
  tokenId: string;
  /** The creator profile of a CREATOR user. */
  creatorId: string | null;
  /** Brands a BRAND user is a member of. */
  brandIds: string[];
}
