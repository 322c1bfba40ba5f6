import { ensureEmbeddedImage } from '../database/embedded-image';

/** `npm run build` ends here: prepares the embedded engine's initialised image (see the module). */
ensureEmbeddedImage()
  .then(({ path, written }) => {
    if (written) console.log(`Embedded database image written to ${path}`);
  })
  .catch((error: unknown) => {
    // Not fatal: without the image the engine runs initdb at first start, a few seconds slower.
    console.warn(`Could not write the embedded database image: ${String(error)}`);
  });
