using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CollectionsBot.Core.Persistence;

/// <summary>
/// Writes the new rows that nothing else points at (messages, audit events) with one prepared statement per type
/// instead of the change tracker's update pipeline, which costs several times more per row: a conversation turn
/// adds about five of them. Every other change still goes through EF first, in the same transaction, so foreign keys
/// to rows added in the same save are satisfied. Columns, converters and parameter types come from the EF model,
/// as in <see cref="BulkInsert"/>; a key the database numbers is read back, and the entities end tracked as
/// unchanged, exactly as after an EF save.
/// </summary>
internal static class LeafRows
{
    private static readonly ConcurrentDictionary<(IModel Model, Type Type, bool Leaf), InsertPlan?> Plans = new();

    /// <summary>
    /// Takes the added entities this path can write out of the change tracker (so EF's own save leaves them alone),
    /// grouped by type in the order they were added; empty when there are none. Give them back with
    /// <see cref="Restore"/> if the save fails.
    /// </summary>
    public static List<List<object>> Take(DbContext db)
    {
        List<List<object>>? groups = null;
        Dictionary<Type, List<object>>? byType = null;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State != EntityState.Added || PlanFor(db, entry.Metadata) is not { } plan ||
                (plan.Navigates && entry.Properties.Any(p => p.IsTemporary)))
            {
                // A row pointing at one whose key the database makes in this save has only a stand-in key yet: EF
                // writes it, after that row.
                continue;
            }

            byType ??= [];
            groups ??= [];
            if (!byType.TryGetValue(entry.Metadata.ClrType, out var list))
            {
                list = [];
                byType.Add(entry.Metadata.ClrType, list);
                groups.Add(list);
            }

            list.Add(entry.Entity);
        }

        if (groups is null)
        {
            return [];
        }

        foreach (var entity in groups.SelectMany(g => g))
        {
            db.Entry(entity).State = EntityState.Detached;
        }

        return groups;
    }

    /// <summary>
    /// The added entries of <paramref name="db"/> (leaves taken out already) that can be written first, before any
    /// update and the leaves, by prepared INSERTs: all of them or null. They qualify when their tables are plain, their
    /// keys made by the client, and none of them points at a row of another's type (so their order does not matter).
    /// </summary>
    public static List<EntityEntry>? FirstRows(DbContext db, IEnumerable<EntityEntry> added)
    {
        List<EntityEntry>? rows = null;
        foreach (var entry in added)
        {
            if (PlanFor(db, entry.Metadata, leaf: false) is null || entry.Properties.Any(p => p.IsTemporary))
            {
                return null;
            }

            (rows ??= []).Add(entry);
        }

        if (rows is null)
        {
            return [];
        }

        var types = rows.Select(r => r.Metadata).ToHashSet();
        return rows.Any(r => r.Metadata.GetForeignKeys().Any(fk => types.Contains(fk.PrincipalEntityType))) ? null : rows;
    }

    /// <summary>
    /// The INSERTs of the entries <see cref="FirstRows"/> chose, their values read now (so a save queued for a shared
    /// writer reads them before its turn, not while it holds the writer). Written by <see cref="WriteAsync"/>, they stay
    /// added until the caller accepts the save.
    /// </summary>
    public static List<Row> PrepareFirst(DbContext db, List<EntityEntry> rows) =>
        [.. rows.GroupBy(r => r.Metadata).SelectMany(g => Read(PlanFor(db, g.Key, leaf: false)!, g.Select(r => r.Entity)))];

    /// <summary>The INSERTs of entities taken by <see cref="Take"/>, in the order they were added, their values read now.</summary>
    public static List<Row> Prepare(DbContext db, List<List<object>> groups) =>
        [.. groups.SelectMany(g => Read(PlanFor(db, db.Model.FindEntityType(g[0].GetType())!)!, g))];

    /// <summary>Puts entities taken by <see cref="Take"/> back as added, after a failed save, so nothing is lost.</summary>
    public static void Restore(DbContext db, List<List<object>> groups)
    {
        foreach (var group in groups)
        {
            Unwrite(db, group);
            foreach (var entity in group)
            {
                db.Entry(entity).State = EntityState.Added;
            }
        }
    }

    /// <summary>Clears the keys the database numbered for entities of one type whose save then failed, as before it.</summary>
    public static void Unwrite(DbContext db, List<object> group)
    {
        if (group.Count > 0 && PlanFor(db, db.Model.FindEntityType(group[0].GetType())!)?.GeneratedKey is { } key)
        {
            foreach (var entity in group)
            {
                key.Set(entity, 0);
            }
        }
    }

    /// <summary>
    /// Inserts the taken entities in <paramref name="transaction"/> (else the unit of work's current one), in the order
    /// they were added. A constraint failure surfaces as <see cref="DbUpdateException"/>, as it would from SaveChanges.
    /// </summary>
    public static Task<int> InsertAsync(DbContext db, List<List<object>> groups, DbTransaction? transaction, CancellationToken cancellationToken) =>
        WriteAsync(db, Prepare(db, groups), transaction, cancellationToken);

    /// <summary>
    /// Runs prepared INSERTs in order, in <paramref name="transaction"/> (else the unit of work's current one), each
    /// type's statement kept; a key the database numbers is read back into the entity. A constraint failure surfaces
    /// as <see cref="DbUpdateException"/> naming the entry, as it would from SaveChanges.
    /// </summary>
    public static async Task<int> WriteAsync(DbContext db, List<Row> rows, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        var target = KeptCommands.TransactionFor(db, transaction);
        foreach (var (plan, entity, values) in rows)
        {
            try
            {
                var generated = await KeptCommands.RunAsync(target, plan.Sql, c => Create(c, plan), values, async command =>
                    plan.GeneratedKey is null ? await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) : await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                plan.GeneratedKey?.Set(entity, generated);
            }
            catch (DbException ex)
            {
                throw new DbUpdateException($"Inserting {entity.GetType().Name} failed: {ex.Message}", ex, new[] { db.Entry(entity) });
            }
        }

        return rows.Count;
    }

    // The rows of one type's entities: its plan looked up once, each entity's values read.
    private static IEnumerable<Row> Read(InsertPlan plan, IEnumerable<object> entities)
    {
        foreach (var entity in entities)
        {
            var values = new object?[plan.Columns.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = plan.Columns[i].Read(entity);
            }

            yield return new Row(plan, entity, values);
        }
    }

    private static DbCommand Create(DbConnection connection, InsertPlan plan)
    {
        var command = connection.CreateCommand();
        command.CommandText = plan.Sql;
        foreach (var column in plan.Columns)
        {
            command.Parameters.Add(column.Mapping.CreateParameter(command, column.Parameter, null, column.Property.IsNullable));
        }

        return command;
    }

    private static InsertPlan? PlanFor(DbContext db, IEntityType entityType, bool leaf = true) =>
        Plans.GetOrAdd((db.Model, entityType.ClrType, leaf), static (key, context) => InsertPlan.Create(context, key.Model.FindEntityType(key.Type)!, key.Leaf), db);

    /// <summary>One row to insert: its type's statement, the entity, and the values to bind, read beforehand.</summary>
    internal sealed record Row(InsertPlan Plan, object Entity, object?[] Values);

    /// <summary>How to insert one entity type, or null when it is not a leaf this path can write.</summary>
    internal sealed record InsertPlan(string Sql, IReadOnlyList<InsertColumn> Columns, GeneratedKey? GeneratedKey, bool Navigates)
    {
        public static InsertPlan? Create(DbContext db, IEntityType entityType, bool leaf)
        {
            // A leaf: no row points at it (so its insert can come after the rest of the save), a plain table with
            // no owned or complex parts, no shadow state, no base or derived types. Rows others may point at are
            // written first instead, and only with keys made by the client (a key the database numbers would have to
            // be carried to the rows pointing at it). Navigations to other entities are fine (a plan's installments):
            // the row holds only its foreign keys, which change detection has set from them before the save.
            if ((leaf && entityType.GetReferencingForeignKeys().Any()) ||
                entityType.GetNavigations().Any(n => n.TargetEntityType.IsOwned()) ||
                entityType.GetSkipNavigations().Any() ||
                entityType.GetComplexProperties().Any() ||
                entityType.IsOwned() ||
                entityType.BaseType is not null ||
                entityType.GetDirectlyDerivedTypes().Any() ||
                entityType.GetProperties().Any(p => p.IsShadowProperty()) ||
                entityType.GetTableName() is not { } tableName)
            {
                return null;
            }

            var table = StoreObjectIdentifier.Table(tableName, entityType.GetSchema());
            var keys = entityType.FindPrimaryKey()?.Properties;
            var identity = keys is [var only] && InsertColumn.IsStoreIdentity(only) ? only : null;
            if (!leaf && identity is not null)
            {
                return null;
            }

            var columns = entityType.GetProperties()
                .Where(p => p != identity && p.GetColumnName(table) is not null)
                .Select((p, i) => InsertColumn.For(p, p.GetColumnName(table)!, $"p{i}"))
                .ToList();
            if (entityType.GetProperties().Any(p => p != identity && p.ValueGenerated != ValueGenerated.Never && !p.IsKey() && p.GetDefaultValueSql() is not null))
            {
                // A column the database fills on insert would have to be read back: leave those to EF.
                return null;
            }

            var sql = db.GetService<ISqlGenerationHelper>();
            var text = new StringBuilder("INSERT INTO ")
                .Append(sql.DelimitIdentifier(tableName, entityType.GetSchema()))
                .Append(" (")
                .AppendJoin(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))
                .Append(") VALUES (")
                .AppendJoin(", ", columns.Select(c => sql.GenerateParameterNamePlaceholder(c.Parameter)))
                .Append(')');
            if (identity is not null)
            {
                text.Append(" RETURNING ").Append(sql.DelimitIdentifier(identity.GetColumnName(table)!));
            }

            return new InsertPlan(text.ToString(), columns.Select(c => c with { Parameter = sql.GenerateParameterName(c.Parameter) }).ToList(), identity is null ? null : new GeneratedKey(identity),
                entityType.GetNavigations().Any());
        }
    }

    /// <summary>A key the database numbers, written back to the entity.</summary>
    internal sealed record GeneratedKey(IProperty Property)
    {
        public void Set(object entity, object? value)
        {
            var type = Nullable.GetUnderlyingType(Property.ClrType) ?? Property.ClrType;
            var converted = Convert.ChangeType(value, type, System.Globalization.CultureInfo.InvariantCulture);
            if (Property.FieldInfo is { } field)
            {
                field.SetValue(entity, converted);
            }
            else
            {
                Property.PropertyInfo!.SetValue(entity, converted);
            }
        }
    }
}
