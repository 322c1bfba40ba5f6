import { InitialSchema1764230400000 } from './1764230400000-initial-schema';
import { DeliverableSlotIndex1764316800000 } from './1764316800000-deliverable-slot-index';

/** Every migration in order. Listed explicitly so the same array works built, under jest and in scripts. */
export const allMigrations = [InitialSchema1764230400000, DeliverableSlotIndex1764316800000];
