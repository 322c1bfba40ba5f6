import { InitialSchema1764230400000 } from './1764230400000-initial-schema';
import { DeliverableSlotIndex1764316800000 } from './1764316800000-deliverable-slot-index';
import { AppSecrets1764403200000 } from './1764403200000-app-secrets';
import { IdempotencyKeys1764489600000 } from './1764489600000-idempotency-keys';
import { AuditEntries1764576000000 } from './1764576000000-audit-entries';

/** Every migration in order. Listed explicitly so the same array works built, under jest and in scripts. */
export const allMigrations = [
  InitialSchema1764230400000,
  DeliverableSlotIndex1764316800000,
  AppSecrets1764403200000,
  IdempotencyKeys1764489600000,
  AuditEntries1764576000000,
];
