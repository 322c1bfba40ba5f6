import { MS_PER_DAY as DAY, MS_PER_MINUTE as MINUTE } from '../../common/time/durations';
import { utcDay } from '../../common/time/utc-format';
import type { DealTermsInput } from '../../deals/dto/deal.input';
import type { DeliverableKind, DeliverableTiming } from '../../deals/deliverable.entity';
import type { OutageSeverity } from '../../outages/outage.entity';

/**
 * The demo data set: fixed, clearly fictional people and brands (every address is under the
 * reserved `.example` domain) around three real outage windows. Nothing here is random; the only
 * moving part is `anchor` (the start of today, UTC), which places the upcoming deliverables so
 * that the next 60 days always have something in them, and one recent deal whose posts and
 * payments show money owed in every state on the day of the load.
 */

export const DEMO_ADMIN_EMAIL = 'ops@deal-ledger.example';
/** Public on purpose: the demo prints it. */
export const DEMO_PASSWORD = 'ledger-demo-password';

export interface CreatorSpec {
  key: string;
  email: string;
  displayName: string;
  homeCurrency: string;
  timeZone: string;
  /** [platform slug, handle, followers, daily earnings in the home currency] */
  accounts: Array<[string, string, number, string]>;
}

/** A brand user who signs up with a brand of their own. */
export interface BrandUserSpec {
  key: string;
  email: string;
  brandName: string;
}

/** A brand user who joins an existing brand through an invitation bound to their email. */
export interface InvitationSpec {
  key: string;
  email: string;
  /** Brand key: a signed-up brand, or one a creator named in a deal. */
  brand: string;
  /** Account key of the inviter: a member of the brand, or the creator who named it. */
  invitedBy: string;
}

/** A claimed brand (or one named earlier and claimed since) by key, or a brand named in the deal. */
export type BrandRefSpec = { key: string } | { name: string; key?: string };

export interface DeliverableSpec {
  platform: string;
  kind: DeliverableKind;
  title: string;
  at: Date;
  due: Date;
  /** Omitted: an even share of what the given fees leave of the deal's total. */
  fee?: string;
  timing?: DeliverableTiming;
  minutes?: number;
  posted?: Date;
  cancelled?: boolean;
}

/** Money received from the brand, recorded through `recordPayment` once the posts are in. */
export interface PaymentSpec {
  receivedAt: Date;
  /** In the deal's currency. */
  amount: string;
  /** Titles of the deal's deliverables to pay first, in order; omitted: oldest due first. */
  pays?: string[];
  reference: string;
  /** The creator's private note. */
  note?: string;
}

/** The creator gives up on what is still open of one deliverable's payment (at load time). */
export interface WriteOffSpec {
  /** Title of the deliverable. */
  deliverable: string;
  reason: string;
}

export interface DealSpec {
  creator: string;
  brand: BrandRefSpec;
  title: string;
  currency: string;
  totalFee: string;
  /** COMPLETED deals are created ACTIVE, their deliverables posted, then completed. */
  status: 'DRAFT' | 'ACTIVE' | 'COMPLETED';
  signedOn?: string;
  terms?: DealTermsInput;
  alternates?: string[];
  /** The creator's private notes (only they read them). */
  notes?: string;
  /** Notes the brand's members read too. */
  sharedNotes?: string;
  deliverables: DeliverableSpec[];
  /** Recorded after the posts, in this order. */
  payments?: PaymentSpec[];
  /** Made after the payments. */
  writeOffs?: WriteOffSpec[];
}

export interface OutageSpec {
  key: string;
  title: string;
  platforms: string[];
  startsAt: Date;
  endsAt: Date;
  severity: OutageSeverity;
  degradationBps?: number;
  source: string;
  externalId: string;
}

export interface DemoData {
  creators: CreatorSpec[];
  brandUsers: BrandUserSpec[];
  invitations: InvitationSpec[];
  deals: DealSpec[];
  outages: OutageSpec[];
  /** Who gets a named access token printed: account keys. */
  tokenHolders: { admin: string; creator: string; brand: string };
}

/** The platform catalog the initial migration seeds: [slug, provider slug or null]. */
export const SEEDED_PLATFORMS: ReadonlyArray<[slug: string, provider: string | null]> = [
  ['meta', null],
  ['facebook', 'meta'],
  ['instagram', 'meta'],
  ['whatsapp', 'meta'],
  ['messenger', 'meta'],
  ['threads', 'meta'],
  ['google', null],
  ['youtube', 'google'],
  ['bytedance', null],
  ['tiktok', 'bytedance'],
  ['x', null],
  ['snapchat', null],
  ['twitch', null],
  ['linkedin', null],
  ['email', null],
  ['website', null],
];

/** `utc('2021-10-04 15:39')` */
function utc(text: string): Date {
  return new Date(`${text.replace(' ', 'T')}:00Z`);
}

export function buildDemoData(anchor: Date): DemoData {
  /** `days` after the anchor (start of today, UTC) at `time` UTC. */
  const ahead = (days: number, time: string): Date => {
    const [hours, minutes] = time.split(':').map(Number);
    return new Date(anchor.getTime() + days * DAY + (hours * 60 + minutes) * MINUTE);
  };

  const creators: CreatorSpec[] = [
    {
      key: 'maya',
      email: 'maya.okafor@creators.example',
      displayName: 'Maya Okafor',
      homeCurrency: 'USD',
      timeZone: 'America/New_York',
      accounts: [
        ['instagram', '@maya.makes.things', 412_000, '180.00'],
        ['youtube', 'Maya Makes Things', 268_000, '95.00'],
        ['tiktok', '@mayamakesthings', 530_000, '60.00'],
        ['facebook', 'Maya Makes Things', 88_000, '25.00'],
      ],
    },
    {
      key: 'lucas',
      email: 'lucas.ferreira@creators.example',
      displayName: 'Lucas Ferreira',
      homeCurrency: 'EUR',
      timeZone: 'Europe/Lisbon',
      accounts: [
        ['instagram', '@lucas.on.trails', 156_000, '70.00'],
        ['youtube', 'Lucas on Trails', 94_000, '55.00'],
        ['threads', '@lucas.on.trails', 21_000, '5.00'],
      ],
    },
    {
      key: 'hana',
      email: 'hana.takahashi@creators.example',
      displayName: 'Hana Takahashi',
      homeCurrency: 'JPY',
      timeZone: 'Asia/Tokyo',
      accounts: [
        ['instagram', '@hana.snaps', 320_000, '14000'],
        ['youtube', 'Hana Snaps', 410_000, '22000'],
        ['tiktok', '@hanasnaps', 275_000, '6000'],
        ['x', '@hana_snaps', 88_000, '1500'],
      ],
    },
    {
      key: 'oliver',
      email: 'oliver.pennington@creators.example',
      displayName: 'Oliver Pennington',
      homeCurrency: 'GBP',
      timeZone: 'Europe/London',
      accounts: [
        ['youtube', 'Pennington Sounds', 620_000, '210.00'],
        ['instagram', '@pennington.sounds', 140_000, '45.00'],
        ['twitch', 'penningtonsounds', 38_000, '60.00'],
      ],
    },
    {
      key: 'amara',
      email: 'amara.nwosu@creators.example',
      displayName: 'Amara Nwosu',
      homeCurrency: 'GBP',
      timeZone: 'Europe/London',
      accounts: [
        ['instagram', '@amara.brews', 210_000, '85.00'],
        ['tiktok', '@amarabrews', 390_000, '40.00'],
        ['facebook', 'Amara Brews', 64_000, '20.00'],
      ],
    },
    {
      key: 'jonas',
      email: 'jonas.lindqvist@creators.example',
      displayName: 'Jonas Lindqvist',
      homeCurrency: 'EUR',
      timeZone: 'Europe/Stockholm',
      accounts: [
        ['youtube', 'Jonas Plays North', 480_000, '150.00'],
        ['twitch', 'jonasplaysnorth', 120_000, '190.00'],
        ['x', '@jonasplaysnorth', 73_000, '8.00'],
        ['linkedin', 'Jonas Lindqvist', 9_000, '0.00'],
      ],
    },
    {
      key: 'priya',
      email: 'priya.raman@creators.example',
      displayName: 'Priya Raman',
      homeCurrency: 'USD',
      timeZone: 'America/Los_Angeles',
      accounts: [
        ['instagram', '@priya.packs.snacks', 98_000, '40.00'],
        ['youtube', 'Priya Packs Snacks', 152_000, '70.00'],
        ['email', 'Snack Mail', 41_000, '30.00'],
      ],
    },
    {
      key: 'sofia',
      email: 'sofia.marchetti@creators.example',
      displayName: 'Sofia Marchetti',
      homeCurrency: 'EUR',
      timeZone: 'Europe/Rome',
      accounts: [
        ['instagram', '@sofia.in.cucina', 265_000, '110.00'],
        ['facebook', 'Sofia in Cucina', 132_000, '35.00'],
        ['tiktok', '@sofiaincucina', 180_000, '25.00'],
        ['threads', '@sofia.in.cucina', 30_000, '4.00'],
      ],
    },
    {
      key: 'kenji',
      email: 'kenji.mori@creators.example',
      displayName: 'Kenji Mori',
      homeCurrency: 'JPY',
      timeZone: 'Asia/Tokyo',
      accounts: [
        ['youtube', 'Mori Tech Bench', 700_000, '38000'],
        ['twitch', 'moritechbench', 95_000, '12000'],
        ['instagram', '@mori.techbench', 120_000, '5000'],
      ],
    },
    {
      key: 'chloe',
      email: 'chloe.dubois@creators.example',
      displayName: 'Chloé Dubois',
      homeCurrency: 'EUR',
      timeZone: 'Europe/Paris',
      accounts: [
        ['instagram', '@chloe.glow.lab', 340_000, '130.00'],
        ['tiktok', '@chloeglowlab', 610_000, '75.00'],
        ['snapchat', 'chloeglowlab', 150_000, '20.00'],
      ],
    },
    {
      key: 'diego',
      email: 'diego.alvarez@creators.example',
      displayName: 'Diego Álvarez',
      homeCurrency: 'USD',
      timeZone: 'America/Mexico_City',
      accounts: [
        ['youtube', 'Diego Rides', 230_000, '80.00'],
        ['instagram', '@diego.rides', 175_000, '55.00'],
        ['facebook', 'Diego Rides', 210_000, '45.00'],
      ],
    },
    {
      key: 'nia',
      email: 'nia.campbell@creators.example',
      displayName: 'Nia Campbell',
      homeCurrency: 'USD',
      timeZone: 'America/Chicago',
      accounts: [
        ['tiktok', '@nia.brunches', 820_000, '120.00'],
        ['instagram', '@nia.brunches', 260_000, '90.00'],
        ['linkedin', 'Nia Campbell', 12_000, '0.00'],
        ['email', 'The Brunch Letter', 56_000, '45.00'],
      ],
    },
  ];

  const brandUsers: BrandUserSpec[] = [
    {
      key: 'lumen',
      email: 'partnerships@lumenfern.example',
      brandName: 'Lumen & Fern Skincare',
    },
    { key: 'northpeak', email: 'creators@northpeak.example', brandName: 'Northpeak Outdoor Gear' },
    { key: 'kettle', email: 'hello@kettleandcrumb.example', brandName: 'Kettle & Crumb Coffee' },
    { key: 'voltaic', email: 'influence@voltaic-audio.example', brandName: 'Voltaic Audio' },
    { key: 'sakura', email: 'pr@sakura-circuit.example', brandName: 'Sakura Circuit Electronics' },
  ];

  const invitations: InvitationSpec[] = [
    // A second member for Lumen & Fern, invited by the first.
    { key: 'lumen-2', email: 'sam.ito@lumenfern.example', brand: 'lumen', invitedBy: 'lumen' },
    // Maya named Harbor Lane Bikes in a deal before it had an account; she hands it over.
    { key: 'harbor', email: 'team@harborlane.example', brand: 'harbor', invitedBy: 'maya' },
  ];

  // Outage windows (UTC). The expected outcome of each deliverable is noted beside it.
  const meta2021 = (time: string) => utc(`2021-10-04 ${time}`); // down 15:39–21:45
  const meta2024 = (time: string) => utc(`2024-03-05 ${time}`); // down 15:00–17:20
  const x2023 = (time: string) => utc(`2023-03-06 ${time}`); // degraded 16:45–17:45

  const deals: DealSpec[] = [
    // ── 4 October 2021, Meta down 15:39–21:45 UTC ─────────────────────────────────────────
    {
      creator: 'maya',
      brand: { key: 'lumen' },
      title: 'Glow Serum autumn launch',
      currency: 'USD',
      totalFee: '4800.00',
      status: 'ACTIVE',
      signedOn: '2021-09-10',
      terms: {
        netPaymentDays: 30,
        latePenaltyBpsPerDay: 250,
        latePenaltyCapBps: 1500,
        killAfterDaysLate: 5,
      },
      deliverables: [
        {
          // Posted before the outage: untouched.
          platform: 'instagram',
          kind: 'REEL',
          title: 'Glow Serum unboxing reel',
          at: meta2021('14:00'),
          due: meta2021('23:59'),
          fee: '1500.00',
          posted: meta2021('14:05'),
        },
        {
          // Next slot 21:45, due tomorrow noon: DELAYED 5 h 45 min.
          platform: 'instagram',
          kind: 'STORY',
          title: 'Glow Serum story set',
          at: meta2021('16:00'),
          due: utc('2021-10-05 12:00'),
          fee: '900.00',
        },
        {
          // 21:45 is 1 h 15 min after the 20:30 deadline: LATE, 1 day × 2.5 % = 35.00.
          platform: 'instagram',
          kind: 'REEL',
          title: 'Glow Serum evening routine reel',
          at: meta2021('19:30'),
          due: meta2021('20:30'),
          fee: '1400.00',
        },
        {
          // TikTok runs on ByteDance: untouched. Takes the remaining 1000.00.
          platform: 'tiktok',
          kind: 'SHORT',
          title: 'Glow Serum duet',
          at: meta2021('17:00'),
          due: utc('2021-10-05 17:00'),
        },
      ],
      // The unboxing reel (due 30 days after posting, 3 Nov 14:05) is all that was claimable:
      // paid in part on time, the rest WRITTEN_OFF when the brand's agency closed.
      payments: [
        {
          receivedAt: utc('2021-11-02 10:00'),
          amount: '1000.00',
          pays: ['Glow Serum unboxing reel'],
          reference: 'LF-2021-118',
          note: 'Agency paid two thirds, promised the rest "next run".',
        },
      ],
      writeOffs: [
        {
          deliverable: 'Glow Serum unboxing reel',
          reason: "Lumen & Fern's 2021 agency closed owing the last 500.00; not worth a claim.",
        },
      ],
    },
    {
      creator: 'lucas',
      brand: { key: 'northpeak' },
      title: 'Trail season kit',
      currency: 'EUR',
      totalFee: '3000.00',
      status: 'ACTIVE',
      signedOn: '2021-09-01',
      terms: {
        netPaymentDays: 45,
        latePenaltyBpsPerDay: 200,
        latePenaltyCapBps: 1000,
        killAfterDaysLate: 3,
        killFeeBps: 2000,
        forceMajeure: true,
      },
      alternates: ['youtube'],
      deliverables: [
        {
          // Posted at 15:02, before the outage.
          platform: 'instagram',
          kind: 'POST',
          title: 'Trail kit carousel',
          at: meta2021('15:00'),
          due: meta2021('15:30'),
          fee: '600.00',
          posted: meta2021('15:02'),
        },
        {
          // YouTube is an allowed alternate and was up: RECOVERABLE.
          platform: 'instagram',
          kind: 'REEL',
          title: 'Trail kit reel',
          at: meta2021('18:00'),
          due: meta2021('19:00'),
          fee: '1200.00',
        },
        {
          platform: 'youtube',
          kind: 'VIDEO',
          title: 'Trail kit field test',
          at: utc('2021-10-06 17:00'),
          due: utc('2021-10-08 17:00'),
        },
      ],
      // The carousel, due 45 days after posting (18 Nov): paid on time.
      payments: [
        {
          receivedAt: utc('2021-11-10 09:00'),
          amount: '600.00',
          pays: ['Trail kit carousel'],
          reference: 'NP-INV-2021-0347',
        },
      ],
    },
    {
      creator: 'oliver',
      brand: { key: 'voltaic' },
      title: 'Voltaic Pro headphones launch',
      currency: 'GBP',
      totalFee: '2600.00',
      status: 'ACTIVE',
      signedOn: '2021-09-20',
      terms: { netPaymentDays: 30, killFeeBps: 2500, forceMajeure: true },
      deliverables: [
        {
          // A fixed launch-night live cannot move: LOST; force majeure keeps 25 % = 400.00.
          platform: 'instagram',
          kind: 'LIVE',
          title: 'Launch-night live review',
          at: meta2021('19:00'),
          minutes: 60,
          due: meta2021('20:00'),
          fee: '1600.00',
          timing: 'FIXED',
        },
        {
          // Cancelled by the brand before the day: untouched.
          platform: 'instagram',
          kind: 'STORY',
          title: 'Voltaic Pro teaser story',
          at: meta2021('17:00'),
          due: meta2021('18:00'),
          fee: '200.00',
          cancelled: true,
        },
        {
          platform: 'youtube',
          kind: 'VIDEO',
          title: 'Voltaic Pro in-depth review',
          at: utc('2021-10-05 16:00'),
          due: utc('2021-10-07 16:00'),
          fee: '800.00',
        },
      ],
    },
    {
      creator: 'amara',
      brand: { key: 'kettle' },
      title: 'Cold brew autumn drop',
      currency: 'GBP',
      totalFee: '1800.00',
      status: 'ACTIVE',
      signedOn: '2021-09-15',
      terms: {
        netPaymentDays: 15,
        latePenaltyBpsPerDay: 2000,
        latePenaltyCapBps: 1000,
        killAfterDaysLate: 2,
      },
      deliverables: [
        {
          // 2 h 45 min late: 1 day × 20 % capped at 10 % → LATE, 60.00 lost.
          platform: 'instagram',
          kind: 'STORY',
          title: 'Cold brew morning story',
          at: meta2021('17:30'),
          due: meta2021('19:00'),
          fee: '600.00',
        },
        {
          // Exactly at the outage's end: not hit (windows are half-open).
          platform: 'facebook',
          kind: 'POST',
          title: 'Cold brew recipe post',
          at: meta2021('21:45'),
          due: meta2021('23:00'),
          fee: '400.00',
        },
        {
          platform: 'tiktok',
          kind: 'SHORT',
          title: 'Cold brew taste test',
          at: meta2021('20:00'),
          due: utc('2021-10-05 20:00'),
          fee: '800.00',
        },
      ],
    },
    {
      creator: 'hana',
      brand: { key: 'sakura' },
      title: 'Sakura S3 camera phone',
      currency: 'JPY',
      totalFee: '450000',
      status: 'ACTIVE',
      signedOn: '2021-09-05',
      sharedNotes: 'Timed for the US launch event (evening in Tokyo is night in New York).',
      notes: 'Agent takes 15 %; Sakura first offered 400 000.',
      terms: {
        netPaymentDays: 30,
        latePenaltyBpsPerDay: 500,
        latePenaltyCapBps: 2000,
        killAfterDaysLate: 0,
      },
      deliverables: [
        {
          // Straddles the start (15:00–16:00): a fixed live, no force majeure → LOST 200000.
          platform: 'instagram',
          kind: 'LIVE',
          title: 'S3 launch countdown live',
          at: meta2021('15:00'),
          minutes: 60,
          due: meta2021('16:00'),
          fee: '200000',
          timing: 'FIXED',
        },
        {
          // 3 h 45 min late and the kill clause allows 0 days: LOST 150000.
          platform: 'instagram',
          kind: 'REEL',
          title: 'S3 night-mode reel',
          at: meta2021('16:30'),
          due: meta2021('18:00'),
          fee: '150000',
        },
        {
          platform: 'youtube',
          kind: 'VIDEO',
          title: 'S3 camera deep dive',
          at: utc('2021-10-05 01:00'),
          due: utc('2021-10-06 01:00'),
        },
      ],
    },
    {
      creator: 'kenji',
      brand: { key: 'sakura' },
      title: 'Sakura Beat earbuds',
      currency: 'JPY',
      totalFee: '300000',
      status: 'ACTIVE',
      signedOn: '2021-09-12',
      terms: {
        netPaymentDays: 30,
        latePenaltyBpsPerDay: 300,
        latePenaltyCapBps: 1500,
        killAfterDaysLate: 5,
        killFeeBps: 3000,
        forceMajeure: true,
      },
      deliverables: [
        {
          // Straddles the start (14:30–16:00); force majeure stretches the 14:30 deadline by
          // the 6 h 6 min downtime to 20:36, still 1 h 9 min before 21:45: LATE 3 % = 3600.
          platform: 'instagram',
          kind: 'LIVE',
          title: 'Beat earbuds unboxing live',
          at: meta2021('14:30'),
          minutes: 90,
          due: meta2021('14:30'),
          fee: '120000',
        },
        {
          // Deadline 20:30 + 6 h 6 min under force majeure = 02:36: DELAYED.
          platform: 'instagram',
          kind: 'STORY',
          title: 'Beat earbuds commute story',
          at: meta2021('20:00'),
          due: meta2021('20:30'),
          fee: '60000',
        },
        {
          platform: 'youtube',
          kind: 'VIDEO',
          title: 'Beat earbuds latency test',
          at: utc('2021-10-07 03:00'),
          due: utc('2021-10-09 03:00'),
        },
      ],
    },
    {
      creator: 'priya',
      brand: { name: 'Pixel Pantry Snacks' },
      title: 'Pixel Pantry back-to-school',
      currency: 'USD',
      totalFee: '2000.00',
      status: 'ACTIVE',
      signedOn: '2021-09-08',
      terms: { netPaymentDays: 30, killAfterDaysLate: 0, killFeeBps: 1500, forceMajeure: true },
      deliverables: [
        {
          // 14:45–16:45 live, flexible, due at its start; 14:45 + 6 h 6 min = 20:51 < 21:45, and
          // the kill clause allows 0 days: LOST, force majeure keeps 15 % = 180.00.
          platform: 'instagram',
          kind: 'LIVE',
          title: 'Lunchbox snack haul live',
          at: meta2021('14:45'),
          minutes: 120,
          due: meta2021('14:45'),
          fee: '1200.00',
        },
        {
          platform: 'email',
          kind: 'NEWSLETTER',
          title: 'Snack Mail feature',
          at: meta2021('17:00'),
          due: utc('2021-10-05 17:00'),
        },
      ],
    },
    {
      creator: 'diego',
      brand: { key: 'northpeak' },
      title: 'Northpeak rain shell',
      currency: 'USD',
      totalFee: '2500.00',
      status: 'ACTIVE',
      signedOn: '2021-09-18',
      terms: { netPaymentDays: 30, latePenaltyBpsPerDay: 500, latePenaltyCapBps: 2500 },
      // Facebook is down with Instagram (both on Meta), so YouTube is the one that saves them.
      alternates: ['facebook', 'youtube'],
      deliverables: [
        {
          platform: 'youtube',
          kind: 'VIDEO',
          title: 'Rain shell storm ride',
          at: utc('2021-10-02 16:00'),
          due: utc('2021-10-03 16:00'),
          fee: '1000.00',
          posted: utc('2021-10-02 16:10'),
        },
        {
          // RECOVERABLE on YouTube.
          platform: 'instagram',
          kind: 'REEL',
          title: 'Rain shell downpour reel',
          at: meta2021('18:30'),
          due: meta2021('19:30'),
          fee: '1000.00',
        },
        {
          // Fixed giveaway post; RECOVERABLE on YouTube too.
          platform: 'facebook',
          kind: 'POST',
          title: 'Rain shell giveaway',
          at: meta2021('21:00'),
          due: meta2021('21:00'),
          fee: '500.00',
          timing: 'FIXED',
        },
      ],
      // The storm ride, due 1 Nov 16:10: paid 23 days late.
      payments: [
        {
          receivedAt: utc('2021-11-24 15:00'),
          amount: '1000.00',
          pays: ['Rain shell storm ride'],
          reference: 'NP-INV-2021-0352',
          note: 'Chased twice.',
        },
      ],
    },
    {
      creator: 'sofia',
      brand: { key: 'lumen' },
      title: 'Autumn body oil',
      currency: 'EUR',
      totalFee: '1600.00',
      status: 'ACTIVE',
      signedOn: '2021-09-22',
      terms: { netPaymentDays: 30, killFeeBps: 5000, forceMajeure: true },
      deliverables: [
        {
          // Fixed launch-time reel: LOST; force majeure keeps 50 % = 500.00.
          platform: 'instagram',
          kind: 'REEL',
          title: 'Body oil launch reel',
          at: meta2021('16:00'),
          due: meta2021('16:00'),
          fee: '1000.00',
          timing: 'FIXED',
        },
        {
          // Deadline 20:00 + 6 h 6 min under force majeure = 02:06: DELAYED 3 h 45 min.
          platform: 'facebook',
          kind: 'POST',
          title: 'Body oil recipe card',
          at: meta2021('18:00'),
          due: meta2021('20:00'),
          fee: '600.00',
        },
      ],
    },
    {
      // Never signed: a draft is not hit, whatever its dates.
      creator: 'chloe',
      brand: { key: 'lumen' },
      title: 'Night cream teaser (never signed)',
      currency: 'EUR',
      totalFee: '900.00',
      status: 'DRAFT',
      deliverables: [
        {
          platform: 'instagram',
          kind: 'POST',
          title: 'Night cream teaser',
          at: meta2021('18:00'),
          due: meta2021('22:00'),
        },
      ],
    },
    {
      // Completed: everything posted, so nothing of it is at stake.
      creator: 'sofia',
      brand: { key: 'kettle' },
      title: 'Espresso week',
      currency: 'EUR',
      totalFee: '1500.00',
      status: 'COMPLETED',
      signedOn: '2021-09-01',
      deliverables: [
        {
          platform: 'instagram',
          kind: 'REEL',
          title: 'Espresso week reel',
          at: utc('2021-09-28 17:00'),
          due: utc('2021-09-29 17:00'),
          posted: utc('2021-09-28 17:05'),
        },
        {
          // Planned inside the outage, posted the next morning.
          platform: 'facebook',
          kind: 'POST',
          title: 'Espresso week recap',
          at: meta2021('19:00'),
          due: utc('2021-10-05 19:00'),
          posted: utc('2021-10-05 08:30'),
        },
        {
          platform: 'tiktok',
          kind: 'SHORT',
          title: 'Espresso week latte art',
          at: utc('2021-10-01 12:00'),
          due: utc('2021-10-02 12:00'),
          posted: utc('2021-10-01 12:02'),
        },
      ],
      // One transfer for the three posts (due 28 Oct, 31 Oct and 4 Nov), before the first fell
      // due: it pays them oldest due first.
      payments: [
        { receivedAt: utc('2021-10-27 08:00'), amount: '1500.00', reference: 'K&C 2021/311' },
      ],
    },

    // ── 6 March 2023, X degraded 16:45–17:45 UTC (PARTIAL) ─────────────────────────────────
    {
      creator: 'jonas',
      brand: { key: 'voltaic' },
      title: 'Voltaic gaming headset',
      currency: 'EUR',
      totalFee: '1500.00',
      status: 'ACTIVE',
      signedOn: '2023-02-20',
      terms: { netPaymentDays: 30, latePenaltyBpsPerDay: 100, latePenaltyCapBps: 500 },
      deliverables: [
        {
          // X degraded, no alternate: AT_RISK, no money moves.
          platform: 'x',
          kind: 'POST',
          title: 'Headset launch thread',
          at: x2023('17:00'),
          due: x2023('20:00'),
          fee: '400.00',
        },
        {
          platform: 'twitch',
          kind: 'LIVE',
          title: 'Headset launch stream',
          at: x2023('18:00'),
          minutes: 120,
          due: x2023('20:00'),
          fee: '1100.00',
          timing: 'FIXED',
        },
      ],
    },
    {
      creator: 'hana',
      brand: { key: 'sakura' },
      title: 'Sakura spring lens kit',
      currency: 'JPY',
      totalFee: '180000',
      status: 'ACTIVE',
      signedOn: '2023-02-15',
      alternates: ['instagram'],
      deliverables: [
        {
          // Instagram is an allowed alternate and was up: RECOVERABLE.
          platform: 'x',
          kind: 'POST',
          title: 'Lens kit sample gallery',
          at: x2023('17:30'),
          due: x2023('23:00'),
          fee: '60000',
        },
        {
          // After the degradation: untouched.
          platform: 'x',
          kind: 'POST',
          title: 'Lens kit Q&A',
          at: x2023('18:00'),
          due: x2023('23:00'),
          fee: '30000',
        },
        {
          platform: 'youtube',
          kind: 'VIDEO',
          title: 'Lens kit field test',
          at: utc('2023-03-08 03:00'),
          due: utc('2023-03-10 03:00'),
        },
      ],
    },

    // ── 5 March 2024, Meta down 15:00–17:20 UTC ───────────────────────────────────────────
    {
      // Maya names a brand that has no account yet; she invites them below.
      creator: 'maya',
      brand: { name: 'Harbor Lane Bikes', key: 'harbor' },
      title: 'Harbor Lane e-bike spring',
      currency: 'USD',
      totalFee: '3200.00',
      status: 'ACTIVE',
      signedOn: '2024-02-12',
      terms: {
        netPaymentDays: 30,
        latePenaltyBpsPerDay: 250,
        latePenaltyCapBps: 1500,
        killAfterDaysLate: 5,
      },
      deliverables: [
        {
          // Back at 17:20, due 18:00: DELAYED 80 min.
          platform: 'instagram',
          kind: 'REEL',
          title: 'E-bike commute reel',
          at: meta2024('16:00'),
          due: meta2024('18:00'),
          fee: '1200.00',
        },
        {
          // 50 min late: 1 day × 2.5 % → LATE, 10.00 lost.
          platform: 'facebook',
          kind: 'STORY',
          title: 'E-bike commute story',
          at: meta2024('15:30'),
          due: meta2024('16:30'),
          fee: '400.00',
        },
        {
          platform: 'tiktok',
          kind: 'SHORT',
          title: 'E-bike hill climb',
          at: meta2024('16:00'),
          due: meta2024('20:00'),
          fee: '600.00',
        },
        {
          // Exactly at the end: not hit.
          platform: 'threads',
          kind: 'POST',
          title: 'Spring ride thread',
          at: meta2024('17:20'),
          due: meta2024('18:00'),
          fee: '200.00',
        },
        {
          platform: 'youtube',
          kind: 'VIDEO',
          title: 'E-bike month-long review',
          at: utc('2024-03-07 15:00'),
          due: utc('2024-03-09 15:00'),
        },
      ],
    },
    {
      creator: 'oliver',
      brand: { key: 'voltaic' },
      title: 'Voltaic Studio monitors',
      currency: 'GBP',
      totalFee: '2000.00',
      status: 'ACTIVE',
      signedOn: '2024-02-01',
      terms: { netPaymentDays: 30, killFeeBps: 2500, forceMajeure: true },
      alternates: ['youtube'],
      deliverables: [
        {
          // Fixed 14:30–15:30 live, hit from 15:00; YouTube is up: RECOVERABLE.
          platform: 'instagram',
          kind: 'LIVE',
          title: 'Studio monitors listening party',
          at: meta2024('14:30'),
          minutes: 60,
          due: meta2024('15:30'),
          fee: '1200.00',
          timing: 'FIXED',
        },
        {
          platform: 'youtube',
          kind: 'VIDEO',
          title: 'Studio monitors mix test',
          at: utc('2024-03-06 17:00'),
          due: utc('2024-03-08 17:00'),
        },
      ],
    },
    {
      creator: 'amara',
      brand: { key: 'voltaic' },
      title: 'Voltaic Buds live drop',
      currency: 'GBP',
      totalFee: '800.00',
      status: 'ACTIVE',
      signedOn: '2024-02-10',
      terms: { netPaymentDays: 30, killFeeBps: 2500, forceMajeure: true },
      deliverables: [
        {
          // Fixed 16:00 live: LOST; force majeure keeps 25 % = 200.00, 600.00 lost.
          platform: 'facebook',
          kind: 'LIVE',
          title: 'Buds drop live',
          at: meta2024('16:00'),
          minutes: 30,
          due: meta2024('16:30'),
          timing: 'FIXED',
        },
      ],
    },
    {
      creator: 'lucas',
      brand: { key: 'lumen' },
      title: 'Spring SPF',
      currency: 'EUR',
      totalFee: '2600.00',
      status: 'ACTIVE',
      signedOn: '2024-02-05',
      // Threads is down with Instagram, so YouTube is where they go.
      alternates: ['threads', 'youtube'],
      deliverables: [
        {
          platform: 'instagram',
          kind: 'REEL',
          title: 'SPF beach-run reel',
          at: meta2024('15:45'),
          due: meta2024('16:15'),
          fee: '1400.00',
        },
        {
          platform: 'threads',
          kind: 'POST',
          title: 'SPF myths thread',
          at: meta2024('16:10'),
          due: meta2024('16:30'),
          fee: '400.00',
        },
        {
          platform: 'youtube',
          kind: 'VIDEO',
          title: 'SPF long-run test',
          at: utc('2024-03-08 12:00'),
          due: utc('2024-03-10 12:00'),
        },
      ],
    },
    {
      creator: 'sofia',
      brand: { key: 'northpeak' },
      title: 'Alpine spring collection',
      currency: 'EUR',
      totalFee: '2100.00',
      status: 'ACTIVE',
      signedOn: '2024-02-20',
      terms: {
        netPaymentDays: 15,
        latePenaltyBpsPerDay: 100,
        latePenaltyCapBps: 500,
        killAfterDaysLate: 0,
      },
      deliverables: [
        {
          // One minute before the outage, and posted: untouched.
          platform: 'facebook',
          kind: 'POST',
          title: 'Alpine picnic post',
          at: meta2024('14:59'),
          due: meta2024('18:00'),
          fee: '500.00',
          posted: meta2024('14:59'),
        },
        {
          // Exactly at the start: hit; back at 17:20, due tomorrow: DELAYED 140 min.
          platform: 'instagram',
          kind: 'REEL',
          title: 'Alpine trail reel',
          at: meta2024('15:00'),
          due: utc('2024-03-06 15:00'),
          fee: '900.00',
        },
        {
          // 50 min late, and the kill clause allows 0 days: LOST 700.00.
          platform: 'threads',
          kind: 'POST',
          title: 'Alpine packing list thread',
          at: meta2024('16:10'),
          due: meta2024('16:30'),
          fee: '700.00',
        },
      ],
      // The picnic post, due 15 days after posting (20 Mar): paid on time.
      payments: [
        {
          receivedAt: utc('2024-03-18 09:00'),
          amount: '500.00',
          pays: ['Alpine picnic post'],
          reference: 'NP-INV-2024-0088',
        },
      ],
    },
    {
      creator: 'kenji',
      brand: { key: 'sakura' },
      title: 'Sakura Tab X spring',
      currency: 'JPY',
      totalFee: '600000',
      status: 'ACTIVE',
      signedOn: '2024-02-14',
      terms: {
        netPaymentDays: 30,
        latePenaltyBpsPerDay: 400,
        latePenaltyCapBps: 1200,
        killAfterDaysLate: 3,
      },
      deliverables: [
        {
          // 20 min late: 1 day × 4 % → LATE, 8000 lost.
          platform: 'instagram',
          kind: 'REEL',
          title: 'Tab X sketching reel',
          at: meta2024('15:10'),
          due: meta2024('17:00'),
          fee: '200000',
        },
        {
          // Due at midnight: DELAYED 35 min.
          platform: 'instagram',
          kind: 'STORY',
          title: 'Tab X unboxing story',
          at: meta2024('16:45'),
          due: utc('2024-03-06 00:00'),
          fee: '100000',
        },
        {
          platform: 'youtube',
          kind: 'VIDEO',
          title: 'Tab X benchmark video',
          at: utc('2024-03-06 03:00'),
          due: utc('2024-03-08 03:00'),
        },
      ],
    },
    {
      creator: 'jonas',
      brand: { key: 'kettle' },
      title: 'Kettle & Crumb gamer blend',
      currency: 'EUR',
      totalFee: '900.00',
      status: 'ACTIVE',
      signedOn: '2024-02-25',
      deliverables: [
        {
          // A WhatsApp channel broadcast, due by 23:00: DELAYED.
          platform: 'whatsapp',
          kind: 'OTHER',
          title: 'Gamer blend channel drop',
          at: meta2024('16:00'),
          due: meta2024('23:00'),
          fee: '300.00',
        },
        {
          platform: 'twitch',
          kind: 'LIVE',
          title: 'Gamer blend all-nighter',
          at: meta2024('20:00'),
          minutes: 240,
          due: utc('2024-03-06 00:00'),
          timing: 'FIXED',
        },
      ],
    },

    // ── Other history: completed deals ────────────────────────────────────────────────────
    {
      creator: 'chloe',
      brand: { key: 'lumen' },
      title: 'Summer glow',
      currency: 'EUR',
      totalFee: '2400.00',
      status: 'COMPLETED',
      signedOn: '2022-05-20',
      deliverables: [
        {
          platform: 'instagram',
          kind: 'REEL',
          title: 'Summer glow reel',
          at: utc('2022-06-10 16:00'),
          due: utc('2022-06-11 16:00'),
          posted: utc('2022-06-10 16:04'),
        },
        {
          platform: 'tiktok',
          kind: 'SHORT',
          title: 'Summer glow routine',
          at: utc('2022-06-12 17:00'),
          due: utc('2022-06-13 17:00'),
          posted: utc('2022-06-12 17:20'),
        },
        {
          platform: 'snapchat',
          kind: 'STORY',
          title: 'Summer glow day-in-the-life',
          at: utc('2022-06-14 09:00'),
          due: utc('2022-06-14 21:00'),
          posted: utc('2022-06-14 09:30'),
        },
      ],
      // Due 10, 12 and 14 July 2022; paid in one transfer three weeks after the last.
      payments: [
        {
          receivedAt: utc('2022-08-04 14:00'),
          amount: '2400.00',
          reference: 'LF-2022-207',
          note: 'Paid late after their finance team moved to quarterly runs.',
        },
      ],
    },
    {
      creator: 'nia',
      brand: { name: 'Maple Ridge Syrup Co.' },
      title: 'Pancake Sunday',
      currency: 'USD',
      totalFee: '1750.00',
      status: 'COMPLETED',
      signedOn: '2023-10-30',
      deliverables: [
        {
          platform: 'tiktok',
          kind: 'SHORT',
          title: 'Pancake flip challenge',
          at: utc('2023-11-12 15:00'),
          due: utc('2023-11-12 23:00'),
          fee: '1250.00',
          posted: utc('2023-11-12 15:10'),
        },
        {
          platform: 'email',
          kind: 'NEWSLETTER',
          title: 'The Brunch Letter: syrup issue',
          at: utc('2023-11-14 13:00'),
          due: utc('2023-11-15 13:00'),
          fee: '500.00',
          posted: utc('2023-11-14 13:00'),
        },
      ],
      // Due 12 and 14 December 2023: paid on time.
      payments: [
        { receivedAt: utc('2023-12-08 16:00'), amount: '1750.00', reference: 'MRS-1123-NC' },
      ],
    },
    {
      // Needs Harbor Lane claimed: another creator can only pick a claimed brand.
      creator: 'diego',
      brand: { key: 'harbor' },
      title: 'Harbor Lane city loop',
      currency: 'USD',
      totalFee: '1800.00',
      status: 'COMPLETED',
      signedOn: '2024-04-15',
      deliverables: [
        {
          platform: 'youtube',
          kind: 'VIDEO',
          title: 'City loop ride-along',
          at: utc('2024-05-04 15:00'),
          due: utc('2024-05-06 15:00'),
          posted: utc('2024-05-04 15:00'),
        },
        {
          platform: 'facebook',
          kind: 'POST',
          title: 'City loop route map',
          at: utc('2024-05-05 18:00'),
          due: utc('2024-05-06 18:00'),
          posted: utc('2024-05-05 18:30'),
        },
      ],
      // Due 3 and 4 June 2024; paid late, in two instalments.
      payments: [
        {
          receivedAt: utc('2024-06-12 10:00'),
          amount: '900.00',
          pays: ['City loop ride-along'],
          reference: 'HLB-0042',
        },
        {
          receivedAt: utc('2024-06-28 10:00'),
          amount: '900.00',
          pays: ['City loop route map'],
          reference: 'HLB-0047',
        },
      ],
    },

    // ── Recent: the last ten weeks, money owed in every state ──────────────────────────────
    {
      // Every post went up on time (nothing lost), each due 30 days after posting; judged on
      // the day of the load: two PAID (one on time, one late), one PARTIALLY_PAID, one OVERDUE
      // and one DUE.
      creator: 'maya',
      brand: { key: 'lumen' },
      title: 'Barrier balm relaunch',
      currency: 'USD',
      totalFee: '4200.00',
      status: 'ACTIVE',
      signedOn: utcDay(ahead(-80, '00:00')),
      terms: {
        netPaymentDays: 30,
        latePenaltyBpsPerDay: 250,
        latePenaltyCapBps: 1500,
        killAfterDaysLate: 5,
      },
      deliverables: [
        {
          // Due day −42 16:05, paid day −44: PAID on time.
          platform: 'instagram',
          kind: 'REEL',
          title: 'Barrier balm first-look reel',
          at: ahead(-72, '16:00'),
          due: ahead(-71, '16:00'),
          fee: '1200.00',
          posted: ahead(-72, '16:05'),
        },
        {
          // Due day −27 18:00, paid day −19: PAID 8 days late.
          platform: 'youtube',
          kind: 'VIDEO',
          title: 'Barrier balm routine video',
          at: ahead(-58, '15:00'),
          due: ahead(-56, '15:00'),
          fee: '1500.00',
          posted: ahead(-57, '18:00'),
        },
        {
          // Due day −15 17:10, 250.00 of 600.00 paid: PARTIALLY_PAID, 350.00 overdue.
          platform: 'instagram',
          kind: 'STORY',
          title: 'Barrier balm story set',
          at: ahead(-45, '17:00'),
          due: ahead(-45, '21:00'),
          fee: '600.00',
          posted: ahead(-45, '17:10'),
        },
        {
          // Due day −8 17:00, nothing paid: OVERDUE.
          platform: 'tiktok',
          kind: 'SHORT',
          title: 'Barrier balm duet',
          at: ahead(-38, '17:00'),
          due: ahead(-37, '17:00'),
          fee: '400.00',
          posted: ahead(-38, '17:00'),
        },
        {
          // Due day +24 16:20: DUE.
          platform: 'youtube',
          kind: 'SHORT',
          title: 'Barrier balm in 60 seconds',
          at: ahead(-6, '16:00'),
          due: ahead(-5, '16:00'),
          fee: '500.00',
          posted: ahead(-6, '16:20'),
        },
      ],
      payments: [
        {
          receivedAt: ahead(-44, '10:00'),
          amount: '1200.00',
          pays: ['Barrier balm first-look reel'],
          reference: 'LF-BB-001',
        },
        {
          receivedAt: ahead(-19, '09:30'),
          amount: '1500.00',
          pays: ['Barrier balm routine video'],
          reference: 'LF-BB-002',
          note: 'Invoice sat with their new AP inbox for a week.',
        },
        {
          receivedAt: ahead(-9, '11:00'),
          amount: '250.00',
          pays: ['Barrier balm story set'],
          reference: 'LF-BB-003',
          note: 'Part payment; they query the story views.',
        },
      ],
    },

    // ── Upcoming: the next 60 days ─────────────────────────────────────────────────────────
    {
      // A 30 % deposit (1620.00), due 14 days after the deal became ACTIVE (the load): DUE.
      creator: 'maya',
      brand: { key: 'lumen' },
      title: 'Lumen & Fern summer SPF',
      currency: 'USD',
      totalFee: '5400.00',
      status: 'ACTIVE',
      terms: {
        netPaymentDays: 30,
        latePenaltyBpsPerDay: 250,
        latePenaltyCapBps: 1500,
        killAfterDaysLate: 5,
        upfrontShareBps: 3000,
        upfrontDueDays: 14,
      },
      deliverables: [
        {
          platform: 'instagram',
          kind: 'REEL',
          title: 'Summer SPF reel',
          at: ahead(3, '16:00'),
          due: ahead(4, '16:00'),
          fee: '1500.00',
        },
        {
          platform: 'instagram',
          kind: 'STORY',
          title: 'Summer SPF story set',
          at: ahead(3, '18:00'),
          due: ahead(3, '20:00'),
          fee: '600.00',
        },
        {
          platform: 'tiktok',
          kind: 'SHORT',
          title: 'Summer SPF duet',
          at: ahead(5, '17:00'),
          due: ahead(6, '17:00'),
          fee: '900.00',
        },
        {
          platform: 'instagram',
          kind: 'LIVE',
          title: 'Summer SPF live Q&A',
          at: ahead(12, '17:00'),
          minutes: 60,
          due: ahead(12, '18:00'),
          fee: '1400.00',
          timing: 'FIXED',
        },
        {
          platform: 'youtube',
          kind: 'VIDEO',
          title: 'Summer SPF month-long test',
          at: ahead(20, '15:00'),
          due: ahead(23, '15:00'),
        },
      ],
    },
    {
      creator: 'priya',
      brand: { name: 'Pixel Pantry Snacks' },
      title: 'Pixel Pantry road trip (draft)',
      currency: 'USD',
      totalFee: '2200.00',
      status: 'DRAFT',
      deliverables: [
        {
          platform: 'youtube',
          kind: 'VIDEO',
          title: 'Road trip snack ranking',
          at: ahead(25, '17:00'),
          due: ahead(28, '17:00'),
        },
        {
          platform: 'instagram',
          kind: 'REEL',
          title: 'Road trip snack reel',
          at: ahead(26, '19:00'),
          due: ahead(27, '19:00'),
        },
        {
          platform: 'email',
          kind: 'NEWSLETTER',
          title: 'Snack Mail road trip issue',
          at: ahead(40, '14:00'),
          due: ahead(41, '14:00'),
        },
      ],
    },
    {
      creator: 'oliver',
      brand: { key: 'northpeak' },
      title: 'Winter layering',
      currency: 'GBP',
      totalFee: '3300.00',
      status: 'ACTIVE',
      terms: {
        netPaymentDays: 45,
        latePenaltyBpsPerDay: 300,
        latePenaltyCapBps: 1200,
        killAfterDaysLate: 4,
      },
      deliverables: [
        {
          platform: 'youtube',
          kind: 'VIDEO',
          title: 'Layering for wet winters',
          at: ahead(7, '17:00'),
          due: ahead(9, '17:00'),
          fee: '1800.00',
        },
        {
          platform: 'instagram',
          kind: 'REEL',
          title: 'Three-layer reel',
          at: ahead(8, '12:00'),
          due: ahead(8, '20:00'),
          fee: '700.00',
        },
        {
          platform: 'twitch',
          kind: 'LIVE',
          title: 'Gear chat stream',
          at: ahead(45, '19:00'),
          minutes: 90,
          due: ahead(45, '20:30'),
          timing: 'FIXED',
        },
      ],
    },
    {
      creator: 'hana',
      brand: { key: 'sakura' },
      title: 'Sakura S4 preview',
      currency: 'JPY',
      totalFee: '520000',
      status: 'ACTIVE',
      terms: {
        netPaymentDays: 30,
        latePenaltyBpsPerDay: 500,
        latePenaltyCapBps: 2000,
        killAfterDaysLate: 1,
        killFeeBps: 2000,
        forceMajeure: true,
      },
      alternates: ['youtube'],
      deliverables: [
        {
          platform: 'instagram',
          kind: 'LIVE',
          title: 'S4 reveal live',
          at: ahead(2, '11:00'),
          minutes: 45,
          due: ahead(2, '11:45'),
          fee: '240000',
          timing: 'FIXED',
        },
        {
          platform: 'x',
          kind: 'POST',
          title: 'S4 spec sheet post',
          at: ahead(9, '02:00'),
          due: ahead(9, '12:00'),
          fee: '40000',
        },
        {
          platform: 'youtube',
          kind: 'VIDEO',
          title: 'S4 camera shoot-out',
          at: ahead(30, '03:00'),
          due: ahead(32, '03:00'),
        },
      ],
    },
    {
      creator: 'lucas',
      brand: { key: 'kettle' },
      title: 'Iced latte season',
      currency: 'EUR',
      totalFee: '1950.00',
      status: 'ACTIVE',
      terms: { netPaymentDays: 30, latePenaltyBpsPerDay: 200, latePenaltyCapBps: 1000 },
      deliverables: [
        {
          platform: 'instagram',
          kind: 'REEL',
          title: 'Iced latte trail-stop reel',
          at: ahead(1, '16:00'),
          due: ahead(2, '16:00'),
        },
        {
          platform: 'threads',
          kind: 'POST',
          title: 'Iced latte recipe thread',
          at: ahead(14, '10:00'),
          due: ahead(14, '22:00'),
        },
        {
          platform: 'youtube',
          kind: 'SHORT',
          title: 'Iced latte in 30 seconds',
          at: ahead(28, '16:00'),
          due: ahead(29, '16:00'),
        },
      ],
    },
    {
      creator: 'amara',
      brand: { key: 'harbor' },
      title: 'London commuter series',
      currency: 'GBP',
      totalFee: '2400.00',
      status: 'ACTIVE',
      terms: { netPaymentDays: 30, killAfterDaysLate: 3, killFeeBps: 2000, forceMajeure: true },
      deliverables: [
        {
          platform: 'instagram',
          kind: 'REEL',
          title: 'Commuter series: week 1',
          at: ahead(6, '07:30'),
          due: ahead(6, '12:00'),
        },
        {
          platform: 'instagram',
          kind: 'REEL',
          title: 'Commuter series: week 2',
          at: ahead(13, '07:30'),
          due: ahead(13, '12:00'),
        },
        {
          platform: 'tiktok',
          kind: 'SHORT',
          title: 'Commuter series: rain special',
          at: ahead(20, '07:30'),
          due: ahead(21, '07:30'),
        },
        {
          platform: 'facebook',
          kind: 'LIVE',
          title: 'Commuter series: Q&A live',
          at: ahead(27, '18:00'),
          minutes: 45,
          due: ahead(27, '18:45'),
          timing: 'FIXED',
        },
      ],
    },
    {
      creator: 'kenji',
      brand: { key: 'voltaic' },
      title: 'Voltaic arcade stream',
      currency: 'JPY',
      totalFee: '400000',
      status: 'ACTIVE',
      terms: { netPaymentDays: 45 },
      deliverables: [
        {
          platform: 'twitch',
          kind: 'LIVE',
          title: 'Arcade night with Voltaic',
          at: ahead(4, '11:00'),
          minutes: 180,
          due: ahead(4, '14:00'),
          fee: '250000',
          timing: 'FIXED',
        },
        {
          platform: 'youtube',
          kind: 'VIDEO',
          title: 'Arcade night highlights',
          at: ahead(18, '03:00'),
          due: ahead(20, '03:00'),
          fee: '120000',
        },
        {
          platform: 'instagram',
          kind: 'POST',
          title: 'Arcade night photo set',
          at: ahead(50, '03:00'),
          due: ahead(51, '03:00'),
          fee: '30000',
        },
      ],
    },
    {
      creator: 'chloe',
      brand: { key: 'lumen' },
      title: 'Autumn routine (draft)',
      currency: 'EUR',
      totalFee: '2800.00',
      status: 'DRAFT',
      deliverables: [
        {
          platform: 'instagram',
          kind: 'REEL',
          title: 'Autumn routine reel',
          at: ahead(35, '17:00'),
          due: ahead(36, '17:00'),
        },
        {
          platform: 'tiktok',
          kind: 'SHORT',
          title: 'Autumn routine in 60 seconds',
          at: ahead(42, '17:00'),
          due: ahead(43, '17:00'),
        },
      ],
    },
    {
      creator: 'diego',
      brand: { key: 'northpeak' },
      title: 'Baja trail run',
      currency: 'USD',
      totalFee: '4100.00',
      status: 'ACTIVE',
      terms: {
        netPaymentDays: 30,
        latePenaltyBpsPerDay: 500,
        latePenaltyCapBps: 2500,
        killAfterDaysLate: 2,
      },
      alternates: ['youtube'],
      deliverables: [
        {
          platform: 'instagram',
          kind: 'REEL',
          title: 'Baja trail teaser',
          at: ahead(8, '18:00'),
          due: ahead(9, '18:00'),
          fee: '900.00',
        },
        {
          platform: 'facebook',
          kind: 'LIVE',
          title: 'Baja finish-line live',
          at: ahead(22, '20:00'),
          minutes: 60,
          due: ahead(22, '21:00'),
          fee: '1200.00',
          timing: 'FIXED',
        },
        {
          platform: 'youtube',
          kind: 'VIDEO',
          title: 'Baja trail run documentary',
          at: ahead(55, '17:00'),
          due: ahead(58, '17:00'),
          fee: '2000.00',
        },
      ],
    },
    {
      creator: 'nia',
      brand: { name: 'Maple Ridge Syrup Co.' },
      title: 'Fall brunch series',
      currency: 'USD',
      totalFee: '3000.00',
      status: 'ACTIVE',
      terms: { netPaymentDays: 15 },
      deliverables: [
        {
          platform: 'tiktok',
          kind: 'SHORT',
          title: 'Fall brunch: cinnamon waffles',
          at: ahead(5, '15:00'),
          due: ahead(5, '23:00'),
        },
        {
          platform: 'instagram',
          kind: 'REEL',
          title: 'Fall brunch: table setting',
          at: ahead(15, '15:00'),
          due: ahead(16, '15:00'),
        },
        {
          platform: 'email',
          kind: 'NEWSLETTER',
          title: 'The Brunch Letter: fall issue',
          at: ahead(19, '13:00'),
          due: ahead(19, '23:00'),
        },
      ],
    },
    {
      creator: 'sofia',
      brand: { key: 'voltaic' },
      title: 'Voltaic travel speaker',
      currency: 'EUR',
      totalFee: '1700.00',
      status: 'ACTIVE',
      terms: { netPaymentDays: 30, latePenaltyBpsPerDay: 250, latePenaltyCapBps: 1000 },
      alternates: ['tiktok'],
      deliverables: [
        {
          platform: 'instagram',
          kind: 'REEL',
          title: 'Speaker on the terrace reel',
          at: ahead(10, '17:30'),
          due: ahead(11, '17:30'),
          fee: '800.00',
        },
        {
          platform: 'facebook',
          kind: 'STORY',
          title: 'Speaker picnic story',
          at: ahead(10, '19:00'),
          due: ahead(10, '23:00'),
          fee: '300.00',
        },
        {
          platform: 'tiktok',
          kind: 'SHORT',
          title: 'Speaker bass test',
          at: ahead(24, '18:00'),
          due: ahead(25, '18:00'),
          fee: '600.00',
        },
      ],
    },
    {
      creator: 'jonas',
      brand: { key: 'northpeak' },
      title: 'Nordic winter camp',
      currency: 'EUR',
      totalFee: '3600.00',
      status: 'ACTIVE',
      terms: { netPaymentDays: 30, killAfterDaysLate: 7 },
      deliverables: [
        {
          platform: 'youtube',
          kind: 'VIDEO',
          title: 'Winter camp gaming setup',
          at: ahead(16, '16:00'),
          due: ahead(18, '16:00'),
          fee: '2400.00',
        },
        {
          platform: 'x',
          kind: 'POST',
          title: 'Winter camp launch post',
          at: ahead(16, '16:05'),
          due: ahead(16, '20:00'),
          fee: '300.00',
        },
        {
          platform: 'linkedin',
          kind: 'POST',
          title: 'Creator business of winter gear',
          at: ahead(33, '08:00'),
          due: ahead(34, '08:00'),
          fee: '400.00',
        },
        {
          platform: 'twitch',
          kind: 'LIVE',
          title: 'Winter camp overnight stream',
          at: ahead(33, '18:00'),
          minutes: 360,
          due: ahead(34, '00:00'),
          fee: '500.00',
          timing: 'FIXED',
        },
      ],
    },
  ];

  const outages: OutageSpec[] = [
    {
      key: 'meta-2021',
      title: 'Meta global outage (BGP withdrawal)',
      platforms: ['meta'],
      startsAt: utc('2021-10-04 15:39'),
      endsAt: utc('2021-10-04 21:45'),
      severity: 'FULL',
      source: 'DEMO',
      externalId: 'meta-2021-10-04',
    },
    {
      key: 'x-2023',
      title: 'X links and images broken (API change)',
      platforms: ['x'],
      startsAt: utc('2023-03-06 16:45'),
      endsAt: utc('2023-03-06 17:45'),
      severity: 'PARTIAL',
      degradationBps: 5000,
      source: 'DEMO',
      externalId: 'x-2023-03-06',
    },
    {
      key: 'meta-2024',
      title: 'Meta login outage (Facebook, Instagram, Threads)',
      platforms: ['meta'],
      startsAt: utc('2024-03-05 15:00'),
      endsAt: utc('2024-03-05 17:20'),
      severity: 'FULL',
      source: 'DEMO',
      externalId: 'meta-2024-03-05',
    },
  ];

  return {
    creators,
    brandUsers,
    invitations,
    deals,
    outages,
    tokenHolders: { admin: 'ops', creator: 'maya', brand: 'lumen' },
  };
}
