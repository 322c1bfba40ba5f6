import { visibleDeals } from '../../src/deals/deal.repository';
import { candidateQuery } from '../../src/impact/impact.repository';
import { createDeal, signUpAdmin } from '../support/factories';
import { TestApp } from '../support/test-app';

const GENERATED = 60_000;

/**
 * The candidate query must reach the deliverables an outage overlaps through the GiST index on
 * the slot, not a scan, so its cost grows with the hits rather than with all deliverables stored.
 * (`npm run explain:impact` shows the same plan at a few hundred thousand rows.)
 */
describe('impact candidate query plan', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
    const admin = await signUpAdmin(t);
    const deal = await createDeal(t, admin.token, { deliverables: [], totalFee: '1000.00' });
    // Two years of deliverables across every platform, one slot every ~17 minutes.
    await t.sql(
      `INSERT INTO deliverables (deal_id, platform_id, kind, title, scheduled_at, duration_minutes, due_at, fee, timing, status)
       SELECT $1, platform.id, 'POST', 'Generated ' || i, slot, CASE WHEN i % 7 = 0 THEN 60 ELSE 0 END,
              slot + interval '1 day', 1000, 'FLEXIBLE', 'PLANNED'
         FROM generate_series(1, $2::int) AS i
         CROSS JOIN LATERAL (SELECT timestamptz '2023-01-01T00:00:00Z' + (i * interval '17 minutes') AS slot) AS s
         JOIN LATERAL (SELECT id FROM platforms ORDER BY slug OFFSET (i % 16) LIMIT 1) AS platform ON true`,
      [deal.id, GENERATED],
    );
    await t.sql(`ANALYZE deliverables`);
  });
  afterAll(async () => {
    await t.close();
  });

  it('uses the GiST slot index for a six-hour Meta outage', async () => {
    const [meta] = await t.sql(`SELECT id FROM platforms WHERE slug = 'meta'`);
    const admin = {
      userId: '',
      email: '',
      role: 'CREATOR' as const,
      isAdmin: true,
      tokenId: '',
      creatorId: null,
      brandIds: [],
    };
    const candidates = candidateQuery(
      [meta.id],
      new Date('2024-03-05T15:00:00Z'),
      new Date('2024-03-05T21:00:00Z'),
      visibleDeals(admin, 'deal'),
    );
    const plan = await t.sql(`EXPLAIN ${candidates.text}`, candidates.values);
    const text = plan.map((row) => row['QUERY PLAN']).join('\n');
    expect(text).toContain('deliverables_slot_gist');
    expect(text).not.toMatch(/Seq Scan on deliverables/);

    const [{ hits }] = await t.sql(candidates.text, candidates.values);
    // 6 h of 17-minute slots ≈ 21 deliverables, of which the Meta family (6 of 16 platforms) is a share.
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThan(25);
  });
});
