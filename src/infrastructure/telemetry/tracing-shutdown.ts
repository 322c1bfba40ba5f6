import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { activeTracing } from './tracing';

/** Sends the spans still buffered when the application closes (SIGTERM), then stops tracing. */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await activeTracing()?.shutdown();
  }
}
