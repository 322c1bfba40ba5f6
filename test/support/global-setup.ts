import { ensureEmbeddedImage } from '../../src/database/embedded-image';

/**
 * Once per jest run: the embedded engine's initialised image (src/database/embedded-template.ts),
 * so each suite's fresh in-memory database starts migrated in about 1 s instead of ~5 s.
 */
export default async function globalSetup(): Promise<void> {
  await ensureEmbeddedImage();
}
