import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  MAX_PROBLEMS,
  parseStatuspageDocument,
  parseTimestamp,
  type ParseResult,
  type StatuspageDocument,
} from './statuspage-document';

const fixture = (name: string) =>
  readFileSync(join(__dirname, '../../../test/fixtures/statuspage', name), 'utf8');

function parsed(text: string): StatuspageDocument {
  const result = parseStatuspageDocument(text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.document;
}

function problemPaths(result: ParseResult): string[] {
  return result.ok ? [] : result.problems.map((problem) => problem.path);
}

/** The fixture's incidents, with `edit` applied to a deep copy first. */
function edited(edit: (document: any) => void): string {
  const document = JSON.parse(fixture('incidents.json'));
  edit(document);
  return JSON.stringify(document);
}

describe('parseTimestamp', () => {
  it.each([
    ['2021-10-04T09:39:00.000-06:00', '2021-10-04T15:39:00.000Z'], // 09:39 + 6 h
    ['2025-06-02T12:50:00.000+00:00', '2025-06-02T12:50:00.000Z'],
    ['2024-03-05T07:00:00-08:00', '2024-03-05T15:00:00.000Z'], // 07:00 + 8 h
    ['2024-03-05T23:30:00+05:30', '2024-03-05T18:00:00.000Z'], // 23:30 − 5:30
    ['2021-10-04T21:45Z', '2021-10-04T21:45:00.000Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'], // leap day
  ])('reads %s as %s (UTC)', (text, utc) => {
    expect(parseTimestamp(text)?.toISOString()).toBe(utc);
  });

  it.each([
    '2021-10-04T15:39:00', // no offset: ambiguous
    '2021-10-04',
    '2023-02-29T12:00:00Z', // not a leap year
    '2021-04-31T12:00:00Z',
    '2021-13-01T12:00:00Z',
    '2021-10-04T24:00:00Z',
    '2021-10-04T12:00:00+25:00',
    'yesterday',
    '',
  ])('refuses %j', (text) => {
    expect(parseTimestamp(text)).toBeNull();
  });

  it('keeps the instant of any timestamp written with any whole-minute offset', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (instant, offsetMinutes) => {
          const local = new Date(instant.getTime() + offsetMinutes * 60_000);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          const text = local.toISOString().replace('Z', offset);
          expect(parseTimestamp(text)?.getTime()).toBe(instant.getTime());
        },
      ),
    );
  });
});

describe('parseStatuspageDocument', () => {
  it('reads the incidents fixture, offsets to UTC, updates and null affected_components', () => {
    const document = parsed(fixture('incidents.json'));
    expect(document.pageName).toBe('Meta Status (fixture)');
    expect(document.incidents.map((incident) => incident.id)).toEqual([
      'k8m2x4pq7rzt',
      'c4tq0h2v8n1w',
      'n3r7v9b1c5xe',
      'h6j1k7l3m9qo',
      'p0s5t2w8y6ua',
      'yxw5tlbpvd0x',
    ]);
    const meta = document.incidents[5];
    expect(meta).toMatchObject({
      path: 'incidents[5]',
      name: 'Facebook, Instagram, WhatsApp and Messenger unavailable',
      status: 'resolved',
      impact: 'critical',
      componentNames: ['Facebook', 'Instagram', 'WhatsApp', 'Messenger'],
    });
    expect(meta.startedAt?.toISOString()).toBe('2021-10-04T15:39:00.000Z'); // 09:39 −06:00
    expect(meta.resolvedAt?.toISOString()).toBe('2021-10-04T21:45:00.000Z'); // 15:45 −06:00
    expect(meta.updates).toHaveLength(5);
    expect(meta.updates[3].affectedComponents).toBeNull();
    expect(meta.updates[4].affectedComponents).toContainEqual({
      name: 'Messenger',
      oldStatus: 'operational',
      newStatus: 'major_outage',
    });

    const ongoing = document.incidents[0];
    expect(ongoing.resolvedAt).toBeNull();
    expect(ongoing.startedAt?.toISOString()).toBe('2025-06-02T12:50:00.000Z');
    const login = document.incidents[4];
    expect(login.startedAt).toBeNull();
    expect(login.createdAt.toISOString()).toBe('2024-03-05T15:00:00.000Z'); // 07:00 −08:00
  });

  it('reads a summary.json the same way (its other fields are ignored)', () => {
    const document = parsed(fixture('summary.json'));
    expect(document.incidents).toHaveLength(1);
    expect(document.incidents[0]).toMatchObject({ id: 'q7w3e9r1t5yb', impact: 'major' });
    expect(document.incidents[0].resolvedAt).toBeNull();
  });

  it('accepts an empty list and treats absent components and updates as none', () => {
    expect(parsed('{"incidents": []}').incidents).toEqual([]);
    const [incident] = parsed(
      JSON.stringify({
        incidents: [
          {
            id: 'a',
            name: 'x',
            status: 'investigating',
            impact: 'minor',
            created_at: '2025-01-01T00:00:00Z',
          },
        ],
      }),
    ).incidents;
    expect(incident).toMatchObject({ componentNames: [], updates: [], startedAt: null });
  });

  it('names the JSON path of a bad timestamp', () => {
    const result = parseStatuspageDocument(
      edited((document) => {
        document.incidents[2].started_at = '2025-04-11 08:00';
      }),
    );
    expect(problemPaths(result)).toEqual(['incidents[2].started_at']);
    expect(result.ok ? '' : result.problems[0].message).toMatch(
      /ISO 8601 timestamp with an offset/,
    );
  });

  it.each<[string, (document: any) => void, string]>([
    ['a missing id', (d) => delete d.incidents[1].id, 'incidents[1].id'],
    ['an unknown status', (d) => (d.incidents[0].status = 'fixed'), 'incidents[0].status'],
    ['an unknown impact', (d) => (d.incidents[3].impact = 'severe'), 'incidents[3].impact'],
    ['a missing created_at', (d) => delete d.incidents[4].created_at, 'incidents[4].created_at'],
    [
      'a numeric resolved_at',
      (d) => (d.incidents[5].resolved_at = 1633384800),
      'incidents[5].resolved_at',
    ],
    ['components not a list', (d) => (d.incidents[5].components = {}), 'incidents[5].components'],
    [
      'a component without name',
      (d) => (d.incidents[5].components[2] = { id: 'x' }),
      'incidents[5].components[2].name',
    ],
    [
      'an update without display_at',
      (d) => delete d.incidents[5].incident_updates[1].display_at,
      'incidents[5].incident_updates[1].display_at',
    ],
    [
      'an unknown component status',
      (d) => (d.incidents[5].incident_updates[0].affected_components[2].new_status = 'down'),
      'incidents[5].incident_updates[0].affected_components[2].new_status',
    ],
    [
      'an unknown old status',
      (d) => (d.incidents[0].incident_updates[1].affected_components[0].old_status = 'fine'),
      'incidents[0].incident_updates[1].affected_components[0].old_status',
    ],
    ['a repeated id', (d) => (d.incidents[3].id = d.incidents[1].id), 'incidents[3].id'],
    ['an incident that is not an object', (d) => (d.incidents[2] = 'oops'), 'incidents[2]'],
    ['no incidents list', (d) => delete d.incidents, 'incidents'],
  ])('refuses %s, at its path', (_what, edit, path) => {
    expect(problemPaths(parseStatuspageDocument(edited(edit)))).toEqual([path]);
  });

  it('refuses text that is not JSON, or not an object', () => {
    expect(problemPaths(parseStatuspageDocument('{"incidents": ['))).toEqual(['document']);
    expect(problemPaths(parseStatuspageDocument('[]'))).toEqual(['document']);
  });

  it(`reports every problem, up to ${MAX_PROBLEMS}`, () => {
    const two = parseStatuspageDocument(
      edited((d) => {
        d.incidents[0].impact = 'huge';
        d.incidents[4].created_at = 'soon';
      }),
    );
    expect(problemPaths(two)).toEqual(['incidents[0].impact', 'incidents[4].created_at']);
    const many = parseStatuspageDocument(
      JSON.stringify({ incidents: Array.from({ length: 50 }, () => ({})) }),
    );
    expect(problemPaths(many)).toHaveLength(MAX_PROBLEMS);
  });

  it('never throws, and names a path whenever it refuses (any JSON)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = parseStatuspageDocument(JSON.stringify({ incidents: [value] }));
        if (!result.ok) {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const problem of result.problems) expect(problem.path).toMatch(/^incidents\[0\]/);
        }
      }),
    );
  });
});

describe('parseStatuspageDocument: text and dates the database cannot hold', () => {
  it.each([
    ['2031-02-30T10:00:00Z'], // 30 February
    ['0000-01-01T00:00:00Z'], // before 1970
    ['3000-01-01T00:00:00Z'], // after 2999
    ['2024-03-05T10:00:00+14:30'], // beyond +14:00
  ])('refuses the timestamp %s at its path', (timestamp) => {
    const result = parseStatuspageDocument(edited((d) => (d.incidents[1].created_at = timestamp)));
    expect(problemPaths(result)).toEqual(['incidents[1].created_at']);
  });

  it.each([
    ['a NUL in a name', (d: any) => (d.incidents[2].name = 'Down\u0000'), 'incidents[2].name'],
    [
      'a lone surrogate in a component',
      (d: any) => (d.incidents[0].components[0].name = '\ud800'),
      'incidents[0].components[0].name',
    ],
    [
      'a NUL in a field the importer ignores',
      (d: any) => (d.incidents[0].incident_updates[0].body = 'a\u0000b'),
      'incidents[0].incident_updates[0].body',
    ],
    ['a NUL in the page name', (d: any) => (d.page = { name: '\u0000' }), 'page.name'],
    ['a NUL in a key', (d: any) => (d.incidents[0]['x\u0000'] = 1), 'incidents[0].x\u0000'],
  ])('refuses %s, at its JSON path', (_what, edit, path) => {
    const result = parseStatuspageDocument(edited(edit));
    expect(problemPaths(result)).toEqual([path]);
    expect(result.ok ? '' : result.problems[0].message).toMatch(/NUL|surrogate/);
  });
});
