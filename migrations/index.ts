import { InitialSchema1764230400000 } from './1764230400000-initial-schema';
import { DeliverableSlotIndex1764316800000 } from './1764316800000-deliverable-slot-index';
import { AppSecrets1764403200000 } from './1764403200000-app-secrets';
import { IdempotencyKeys1764489600000 } from './1764489600000-idempotency-keys';
import { AuditEntries1764576000000 } from './1764576000000-audit-entries';
import { StatuspageFeeds1764662400000 } from './1764662400000-statuspage-feeds';
import { CalendarFeeds1764748800000 } from './1764748800000-calendar-feeds';
import { Webhooks1764835200000 } from './1764835200000-webhooks';
import { DealSharedNotes1764979200000 } from './1764979200000-deal-shared-notes';
import { ChangeFeed1765065600000 } from './1765065600000-change-feed';
import { DeliverableBrand1765159200000 } from './1765159200000-deliverable-brand';
import { Receivables1765245600000 } from './1765245600000-receivables';
import { BrandActions1765332000000 } from './1765332000000-brand-actions';

/** Every migration in order. Listed explicitly so the same array works built, under jest and in scripts. */
export const allMigrations = [
  InitialSchema1764230400000,
  DeliverableSlotIndex1764316800000,
  AppSecrets1764403200000,
  IdempotencyKeys1764489600000,
  AuditEntries1764576000000,
  StatuspageFeeds1764662400000,
  CalendarFeeds1764748800000,
  Webhooks1764835200000,
  DealSharedNotes1764979200000,
  ChangeFeed1765065600000,
  DeliverableBrand1765159200000,
  Receivables1765245600000,
  BrandActions1765332000000,
];
