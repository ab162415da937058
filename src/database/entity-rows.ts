import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

interface Shape {
  /** `alias."order_id" AS "alias.orderId", …` */
  select: string;
  /** [key in the row, property] */
  fields: [string, string][];
}

const shapes = new WeakMap<EntityMetadata, Map<string, Shape>>();

/**
 * Entities read by hand-written SQL, for the hot paths' statements that lock or join in one
 * round trip where TypeORM's finders take several: the select list that names each column
 * `"<alias>.<property>"`, and the row read back into entities. Sound because no column of this
 * schema has a transformer: node-postgres's values are the entity's own.
 */
export function selectColumns(manager: EntityManager, entity: EntityTarget<ObjectLiteral>, alias: string): string {
  return shapeOf(manager.connection.getMetadata(entity), alias).select;
}

/** The entity whose columns `selectColumns(…, alias)` put in `row`. */
export function entityFrom<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  row: Record<string, unknown>,
  alias: string,
): T {
  const metadata = manager.connection.getMetadata(entity);
  const created = metadata.create() as T;
  for (const [key, property] of shapeOf(metadata, alias).fields)
    (created as Record<string, unknown>)[property] = row[key];
  return created;
}

function shapeOf(metadata: EntityMetadata, alias: string): Shape {
  let byAlias = shapes.get(metadata);
  if (!byAlias) shapes.set(metadata, (byAlias = new Map<string, Shape>()));
  let shape = byAlias.get(alias);
  if (!shape) {
    const columns = metadata.columns.filter((column) => !column.isVirtual);
    // What TypeORM does that these lists do not: transform values, and leave out `select: false`
    // columns (a password hash). Such an entity is read with TypeORM.
    const unsupported = columns.find((column) => column.transformer || !column.isSelect);
    if (unsupported) throw new Error(`${metadata.name}.${unsupported.propertyName}: read this entity with TypeORM`);
    const fields = columns.map((column): [string, string] => [`${alias}.${column.propertyName}`, column.propertyName]);
    // PostgreSQL cuts longer names to 63 bytes, and the value would silently not be found.
    const tooLong = fields.find(([key]) => Buffer.byteLength(key) > 63);
    if (tooLong) throw new Error(`${tooLong[0]} is longer than PostgreSQL's 63-byte names`);
    const select = columns.map((column, i) => `${alias}."${column.databaseName}" AS "${fields[i][0]}"`).join(', ');
    shape = { select, fields };
    byAlias.set(alias, shape);
  }
  return shape;
}
