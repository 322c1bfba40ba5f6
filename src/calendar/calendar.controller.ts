import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { Public } from '../auth/public.decorator';
import { Clock } from '../infrastructure/clock';
import { CalendarService } from './calendar.service';
import { secretFromFileName } from './feed-secret';

/**
 * `GET /calendar/<secret>.ics`: the feed as iCalendar text. Authenticated by the secret alone
 * (calendar apps send no bearer token); an unknown, revoked or no longer permitted secret gets the
 * same 404. Adapter-neutral: a string body and @Header, no request or response objects.
 */
@Controller('calendar')
export class CalendarController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
  ) {}

  @Public()
  @Get(':file')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @Header('X-Content-Type-Options', 'nosniff')
  async feed(@Param('file') file: string): Promise<string> {
    const secret = secretFromFileName(file);
    const body = secret ? await this.calendar.render(secret, this.clock.now()) : null;
    if (body === null) throw new NotFoundException('No such calendar feed');
    return body;
  }
}
