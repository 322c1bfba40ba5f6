import { createDeal, signUpAdmin, signUpBrand, signUpCreator, type Account } from './factories';
import type { TestApp } from './test-app';

/**
 * The spec's worked example, entered through GraphQL: Meta down 2024-03-05 15:00–17:20 UTC.
 * Deal X (USD) is Maya's with Acme; deals Y and Z (GBP) are Noor's with Globex.
 */
export interface WorkedExample {
  admin: Account;
  maya: Account;
  noor: Account;
  acme: Account & { brandId: string | null };
  globex: Account & { brandId: string | null };
  outageId: string;
}

const slot = (time: string) => `2024-03-05T${time}:00Z`;

export async function seedWorkedExample(t: TestApp): Promise<WorkedExample> {
  const admin = await signUpAdmin(t);
  const maya = await signUpCreator(t, { displayName: 'Maya' });
  const noor = await signUpCreator(t, { displayName: 'Noor' });
  const acme = await signUpBrand(t, 'Acme');
  const globex = await signUpBrand(t, 'Globex');

  await createDeal(t, maya.token, {
    title: 'Deal X',
    brandId: acme.brandId,
    brandName: undefined,
    currency: 'USD',
    totalFee: '1700.00',
    terms: {
      netPaymentDays: 30,
      latePenaltyBpsPerDay: 250,
      latePenaltyCapBps: 1500,
      killAfterDaysLate: 5,
      forceMajeure: false,
    },
    deliverables: [
      {
        platformSlug: 'instagram',
        kind: 'REEL',
        title: 'X reel',
        timing: 'FLEXIBLE',
        scheduledAt: slot('16:00'),
        dueAt: slot('18:00'),
        fee: '1200.00',
      },
      {
        platformSlug: 'facebook',
        kind: 'STORY',
        title: 'X story',
        timing: 'FLEXIBLE',
        scheduledAt: slot('15:30'),
        dueAt: slot('16:30'),
        fee: '400.00',
      },
      {
        platformSlug: 'tiktok',
        kind: 'SHORT',
        title: 'X short',
        timing: 'FLEXIBLE',
        scheduledAt: slot('16:00'),
        dueAt: slot('18:00'),
        fee: '100.00',
      },
    ],
  });
  await createDeal(t, noor.token, {
    title: 'Deal Y',
    brandId: globex.brandId,
    brandName: undefined,
    currency: 'GBP',
    totalFee: '500.00',
    terms: { forceMajeure: true },
    alternatePlatformSlugs: ['youtube'],
    deliverables: [
      {
        platformSlug: 'instagram',
        kind: 'LIVE',
        title: 'Y live',
        timing: 'FIXED',
        scheduledAt: slot('14:30'),
        durationMinutes: 60,
        dueAt: slot('15:30'),
      },
    ],
  });
  await createDeal(t, noor.token, {
    title: 'Deal Z',
    brandId: globex.brandId,
    brandName: undefined,
    currency: 'GBP',
    totalFee: '800.00',
    terms: { forceMajeure: true, killFeeBps: 2500 },
    deliverables: [
      {
        platformSlug: 'facebook',
        kind: 'LIVE',
        title: 'Z live',
        timing: 'FIXED',
        scheduledAt: slot('16:00'),
        durationMinutes: 30,
        dueAt: slot('16:30'),
      },
    ],
  });
  await t.gqlOk(
    `mutation { upsertPlatformAccount(input: { platformSlug: "instagram", handle: "@maya", followers: 120000, dailyEarnings: { amount: "120.00", currency: USD } }) { platformAccount { id } } }`,
    {},
    maya.token,
  );
  const recorded = await t.gqlOk(
    `mutation { recordOutage(input: { title: "Meta down", platformSlugs: ["meta"], startsAt: "2024-03-05T15:00:00Z", endsAt: "2024-03-05T17:20:00Z", severity: FULL }) { outage { id } } }`,
    {},
    admin.token,
  );
  return { admin, maya, noor, acme, globex, outageId: recorded.recordOutage.outage.id };
}
