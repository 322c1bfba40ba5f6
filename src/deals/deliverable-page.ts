import type { DataSource } from 'typeorm';
import { dealVisibilitySql } from '../auth/tenancy';
import type { Viewer } from '../auth/viewer';
import { rowMapper, type RowMapper } from '../common/database/row-mapper';
import { badInput } from '../common/errors/app-error';
import {
  decodeCursor,
  pageSize,
  toConnection,
  type Connection,
} from '../common/graphql/pagination';
import { isUuid } from '../common/validation/uuid';
import { CreatorEntity } from '../creators/creator.entity';
import { DealEntity } from './deal.entity';
import { PlatformEntity } from '../platforms/platform.entity';
import { DeliverableEntity } from './deliverable.entity';
import type { DeliverablesArgs } from './dto/deliverables.args';

/** What a deliverable in a list is shown with: fetched in the same statement as the page. */
export interface DeliverableRelations {
  deals: DealEntity[];
  creators: CreatorEntity[];
  platforms: PlatformEntity[];
}

export type DeliverablePage = Connection<DeliverableEntity> & { related: DeliverableRelations };

interface Mappers {
  deliverable: RowMapper<DeliverableEntity>;
  deal: RowMapper<DealEntity>;
  creator: RowMapper<CreatorEntity>;
  platform: RowMapper<PlatformEntity>;
}

const mappersBySource = new WeakMap<DataSource, Mappers>();

function mappersFor(dataSource: DataSource): Mappers {
  let mappers = mappersBySource.get(dataSource);
  if (!mappers) {
    mappers = {
      deliverable: rowMapper(dataSource, DeliverableEntity, 'd'),
      deal: rowMapper(dataSource, DealEntity, 'deal'),
      creator: rowMapper(dataSource, CreatorEntity, 'c'),
      platform: rowMapper(dataSource, PlatformEntity, 'p'),
    };
    mappersBySource.set(dataSource, mappers);
  }
  return mappers;
}

/**
 * One page of the deliverables the caller may see, by slot, with each one's deal, the deal's
 * creator and the platform: ONE statement whatever the page size (the resolver primes the
 * loaders with the related rows, so nested fields cost nothing). The total is counted only
 * when a client asks for `totalCount`.
 */
export async function deliverablePage(
  dataSource: DataSource,
  viewer: Viewer,
  args: DeliverablesArgs,
): Promise<DeliverablePage> {
  const mappers = mappersFor(dataSource);
  const visibility = dealVisibilitySql(viewer, 'deal', 1);
  const conditions = [visibility.condition];
  const parameters: unknown[] = [...visibility.params];
  const bind = (value: unknown) => {
    parameters.push(value);
    return `$${parameters.length}`;
  };
  const filter = args.filter ?? {};
  if (filter.status) conditions.push(`d.status = ${bind(filter.status)}`);
  if (filter.dealId) conditions.push(`d.deal_id = ${bind(filter.dealId)}`);
  if (filter.brandId) conditions.push(`deal.brand_id = ${bind(filter.brandId)}`);
  if (filter.dueBefore) conditions.push(`d.due_at < ${bind(filter.dueBefore)}`);
  if (filter.dueAfter) conditions.push(`d.due_at >= ${bind(filter.dueAfter)}`);
  if (filter.platform) {
    conditions.push(
      `d.platform_id = (SELECT pf.id FROM platforms pf WHERE pf.slug = ${bind(filter.platform)})`,
    );
  }
  const where = conditions.join(' AND ');
  const countParameters = [...parameters];
  if (args.after) {
    const [sortValue, id] = decodeCursor(args.after);
    if (!isUuid(id)) {
      throw badInput('The cursor is not one this API issued', ['after'], 'INVALID_CURSOR');
    }
    conditions.push(
      `(d.scheduled_at, d.id) > (${bind(sortValue)}::timestamptz, ${bind(id)}::uuid)`,
    );
  }
  const size = pageSize(args);
  const rows = await dataSource.query<Array<Record<string, unknown> & { keyset_sort: string }>>(
    `SELECT ${mappers.deliverable.columns}, ${mappers.deal.columns}, ${mappers.creator.columns},
            ${mappers.platform.columns}, d.scheduled_at::text AS keyset_sort
       FROM deliverables d
       JOIN deals deal ON deal.id = d.deal_id
       JOIN creators c ON c.id = deal.creator_id
       JOIN platforms p ON p.id = d.platform_id
      WHERE ${conditions.join(' AND ')}
      ORDER BY d.scheduled_at, d.id
      LIMIT ${size + 1}`,
    parameters,
  );
  const totalCount = () =>
    dataSource
      .query<Array<{ count: string | number }>>(
        `SELECT count(*) AS count FROM deliverables d JOIN deals deal ON deal.id = d.deal_id WHERE ${where}`,
        countParameters,
      )
      .then(([row]) => Number(row.count));
  const connection = toConnection(
    rows,
    size,
    totalCount,
    (row) => [row.keyset_sort, row.d__id as string],
    (row) => mappers.deliverable.fromRow(row),
  );
  const shown = rows.slice(0, size);
  const unique = <E extends { id: string }>(entities: E[]) => [
    ...new Map(entities.map((entity) => [entity.id, entity])).values(),
  ];
  // Object.assign, not a spread: a spread would read the lazy totalCount and always count.
  return Object.assign(connection, {
    related: {
      deals: unique(shown.map((row) => mappers.deal.fromRow(row))),
      creators: unique(shown.map((row) => mappers.creator.fromRow(row))),
      platforms: unique(shown.map((row) => mappers.platform.fromRow(row))),
    },
  });
}
