import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { AppConfig, ConfigValidationError, loadAppConfig } from './config/app-config';

async function bootstrap(): Promise<void> {
  const logger = new Logger('DealLedger');
  try {
    loadAppConfig();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      logger.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = await NestFactory.create(AppModule, { bufferLogs: false });
  app.enableShutdownHooks();
  const config = app.get(AppConfig);
  await app.listen(config.PORT, '0.0.0.0');
  const url = `http://localhost:${config.PORT}/graphql`;
  logger.log(`GraphQL API ready at ${url}`);
  logger.log(
    `First token: curl -s ${url} -H 'content-type: application/json' -d '{"query":"mutation { signUp(input: {email: \\"you@example.com\\", password: \\"choose-a-long-one\\", role: CREATOR, displayName: \\"You\\"}) { token } }"}'`,
  );
}

void bootstrap();
