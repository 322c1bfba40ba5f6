import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../../src/app.module';
import { AppConfig } from '../../src/config/app-config';

/**
 * The same application on Nest's Fastify adapter, for the benchmark's Express-versus-Fastify
 * rows only. The service itself runs on Express (see docs/performance.md): this boot skips the
 * Express-specific set-up in src/bootstrap.ts (body-size limit, trusted proxies), which does not
 * change what the measured GraphQL requests do.
 */
async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), {
    logger: ['error', 'warn'],
  });
  app.enableShutdownHooks();
  await app.listen(app.get(AppConfig).PORT, '127.0.0.1');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
