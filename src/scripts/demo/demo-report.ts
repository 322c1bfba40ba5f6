import { MS_PER_DAY } from '../../common/time/durations';
import { formatUtc, isoUtc, utcDay } from '../../common/time/utc-format';
import type { DemoOutage, DemoResult } from './load-demo';

export interface ReportContext {
  /** "the embedded PostgreSQL (PGlite) in /path" or "PostgreSQL at host/db". */
  location: string;
  /** Shell line that starts the API on the same data, e.g. `DATA_DIR=/tmp/x npm start`. */
  startCommand: string;
  port: number;
  /** Why passwords hash fast, or null when the cost came from the environment as usual. */
  hashCostNote: string | null;
  /** When the example queries' "next 30 days" start. */
  now: Date;
}

/** What `npm run demo` prints once the data is in: plain lines, ready to paste. */
export function formatDemoReport(result: DemoResult, context: ReportContext): string[] {
  const { counts, tokens } = result;
  const api = `http://localhost:${context.port}/graphql`;
  const byKey = new Map(result.outages.map((outage) => [outage.key, outage]));
  const outage2021 = byKey.get('meta-2021') ?? result.outages[0];
  const lines: string[] = [];
  const section = (title: string) => lines.push('', title);

  lines.push(
    `Demo data loaded into ${context.location} in ${(result.elapsedMs / 1000).toFixed(1)} s.`,
  );
  lines.push(`Start the API on it: ${context.startCommand}`);

  section(`Accounts (all fictional; every password is "${result.password}"):`);
  const width = Math.max(...result.accounts.map((account) => account.email.length));
  for (const account of result.accounts) {
    lines.push(`  ${account.email.padEnd(width)}  ${account.role.padEnd(7)}  ${account.label}`);
  }
  if (context.hashCostNote) lines.push(`  ${context.hashCostNote}`);

  section('Tokens for the API (named access tokens that never expire; paste into a shell):');
  lines.push(`export API=${api}`);
  lines.push(
    `export ADMIN_TOKEN=${tokens.admin.token}    # ${tokens.admin.email}: sees everything`,
  );
  lines.push(
    `export CREATOR_TOKEN=${tokens.creator.token}  # ${tokens.creator.email}: ${tokens.creator.label}`,
  );
  lines.push(
    `export BRAND_TOKEN=${tokens.brand.token}    # ${tokens.brand.email}: ${tokens.brand.label}`,
  );
  for (const outage of result.outages) {
    lines.push(`export ${envName(outage)}=${outage.id}`);
  }

  section('Outages and what they cost (as the administrator sees them):');
  for (const outage of result.outages) {
    lines.push(`  ${outage.id}  ${describeWindow(outage)}  ${outage.title}`);
    lines.push(`    ${describeImpact(outage)}`);
    lines.push(`    http://localhost:${context.port}/reports/outages/${outage.id}.html`);
  }
  lines.push(
    '  The report pages need "Authorization: Bearer $ADMIN_TOKEN" (curl -H), or open the signed',
    '  link the reportLink GraphQL query returns.',
  );

  const impactQuery = `query Outage2021 {
  outageImpact(outageId: "${outage2021.id}") {
    window { title startsAt endsAt severity }
    totals {
      currency
      delayed { amount } lost { amount } retained { amount } recoverable { amount }
      platformIncomeLost { amount }
      counts { delayed late lost recoverable atRisk }
    }
    deliverables(first: 50) {
      edges { node { outcome explanation deliverable { title deal { title brand { name } } } } }
    }
  }
}`;
  const from = context.now;
  const to = new Date(from.getTime() + 30 * MS_PER_DAY);
  const exposureQuery = `query Exposure30Days {
  exposure(from: "${isoUtc(from)}", to: "${isoUtc(to)}") {
    advice
    currencies {
      currency total { amount } deliverableCount concentrationIndex
      byProvider {
        provider { slug } amount { amount } share dealsWithoutAlternates
        whatIf { startsAt endsAt deliverablesHit totals { currency delayed { amount } lost { amount } } }
      }
      byPlatform { platform { slug } amount { amount } share deliverableCount }
    }
  }
}`;
  const receivablesQuery = `query MoneyOwed {
  receivables(first: 50, filter: { status: [OVERDUE, PARTIALLY_PAID, WRITTEN_OFF] }) {
    totalCount
    edges { node {
      status dueAt daysOverdue owed { amount currency } paid { amount } open { amount }
      writeOffReason deliverable { title } deal { title brand { name } }
    } }
  }
}`;
  section(
    `Example queries (GraphiQL at ${api}, header {"Authorization": "Bearer <ADMIN_TOKEN>"}, or curl):`,
  );
  lines.push('', '# What the 4 October 2021 Meta outage did, deliverable by deliverable:');
  lines.push(...impactQuery.split('\n'), '', curlLine(impactQuery));
  lines.push(
    '',
    '# Exposure: where the income scheduled for the next 30 days depends on, with what-ifs:',
  );
  lines.push(...exposureQuery.split('\n'), '', curlLine(exposureQuery));
  lines.push('', '# Money owed: what is overdue, partly paid or written off today:');
  lines.push(...receivablesQuery.split('\n'), '', curlLine(receivablesQuery));

  const deals = Object.entries(counts.dealsByStatus)
    .map(([status, n]) => `${n} ${status.toLowerCase()}`)
    .join(', ');
  const deliverables = Object.entries(counts.deliverablesByStatus)
    .map(([status, n]) => `${n} ${status.toLowerCase()}`)
    .join(', ');
  lines.push(
    '',
    `Summary: ${counts.users} users (${counts.admins} admin, ${counts.creators} creators, ` +
      `${counts.brandUsers} brand members), ${counts.brands} brands (${counts.unclaimedBrands} unclaimed, ` +
      `${counts.brandsWithSeveralMembers} with two or more members), ` +
      `${counts.platformAccounts} platform accounts, ${counts.deals} deals in ${counts.dealCurrencies.join('/')} ` +
      `(${deals}), ${counts.deliverables} deliverables (${deliverables}; ${counts.upcomingDeliverables} upcoming), ` +
      `${counts.outages} outages, ${counts.payments} payments, ${counts.writeOffs} written off.`,
  );
  return lines;
}

function envName(outage: DemoOutage): string {
  return `OUTAGE_${outage.key.replace(/[^a-z0-9]+/gi, '_').toUpperCase()}`;
}

function describeWindow(outage: DemoOutage): string {
  const severity =
    outage.severity === 'FULL'
      ? 'FULL'
      : `${outage.severity} ${(outage.degradationBps / 100).toFixed(0)} %`;
  const hours = `${formatUtc(outage.startsAt, 'HH:mm')}–${formatUtc(outage.endsAt, 'HH:mm')}`;
  return `${utcDay(outage.startsAt)} ${hours} UTC  ${outage.platforms.join(', ')}  ${severity}`;
}

function describeImpact(outage: DemoOutage): string {
  const { counts } = outage;
  const hit = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const parts = (
    [
      ['delayed', counts.DELAYED],
      ['late', counts.LATE],
      ['lost', counts.LOST],
      ['recoverable', counts.RECOVERABLE],
      ['at risk', counts.AT_RISK],
    ] as const
  )
    .filter(([, n]) => n > 0)
    .map(([word, n]) => `${n} ${word}`);
  const lost = outage.lost.length > 0 ? `; lost ${outage.lost.join(', ')}` : '; nothing lost';
  return `${hit} deliverables hit: ${parts.join(', ')}${lost}`;
}

function curlLine(query: string): string {
  const body = JSON.stringify({ query: query.replace(/\s+/g, ' ') });
  return `curl -s "$API" -H 'content-type: application/json' -H "authorization: Bearer $ADMIN_TOKEN" -d '${body.replace(/'/g, `'\\''`)}'`;
}
