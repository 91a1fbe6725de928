using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CollectionsBot.Core.Persistence;

/// <summary>
/// Writes a save made only of changed rows of plain tables (a conversation turn's: the conversation, now and then the
/// case), with rows added to plain tables written first (<see cref="LeafRows.FirstRows"/>), as one prepared UPDATE each, instead of EF's update pipeline, whose planning (commands, parameters, a
/// dependency sort) cost more than the UPDATE itself and ran while the file's writer was held. Each UPDATE sets
/// the changed columns and checks the row's key and concurrency tokens against their original values, as EF's does;
/// a row not found raises <see cref="DbUpdateConcurrencyException"/> naming the entry. Entries stay modified until
/// the caller accepts the save, exactly as after an EF save with its changes not yet accepted.
/// </summary>
internal static class RowUpdates
{
    private static readonly ConcurrentDictionary<(IModel Model, Type Type), TablePlan?> Tables = new();

    /// <summary>
    /// What a save writes without EF's update pipeline: rows added to plain tables (<see cref="LeafRows.FirstRows"/>),
    /// written first, and changed rows of plain tables, written next (leaves come last).
    /// </summary>
    public sealed record DirectWrites(List<EntityEntry> Inserts, List<EntityEntry> Updates);

    /// <summary>
    /// The writes of <paramref name="db"/>'s pending changes (leaves taken out already) when all of them can be
    /// written this way (no row deleted, no changed owned or complex part, no added row this path cannot order);
    /// else null, and EF saves.
    /// </summary>
    public static DirectWrites? Writable(DbContext db)
    {
        List<EntityEntry>? modified = null;
        List<EntityEntry>? added = null;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            switch (entry.State)
            {
                case EntityState.Unchanged or EntityState.Detached:
                    continue;
                case EntityState.Modified when PlanFor(db, entry.Metadata) is not null:
                    (modified ??= []).Add(entry);
                    continue;
                case EntityState.Added:
                    (added ??= []).Add(entry);
                    continue;
                default:
                    return null;
            }
        }

        return LeafRows.FirstRows(db, added ?? []) is { } inserts ? new DirectWrites(inserts, modified ?? []) : null;
    }

    /// <summary>
    /// The UPDATEs of <paramref name="entries"/>, their values read now (so a save queued for a shared writer reads them
    /// before its turn, not while it holds the writer); entries with nothing changed are left out.
    /// </summary>
    public static List<Update> Prepare(DbContext db, List<EntityEntry> entries)
    {
        var updates = new List<Update>(entries.Count);
        ISqlGenerationHelper? sql = null;
        foreach (var entry in entries)
        {
            var plan = PlanFor(db, entry.Metadata)!;
            var changed = plan.Settable.Where(c => entry.Property(c.Property).IsModified).ToList();
            if (changed.Count == 0)
            {
                continue;
            }

            var values = new object?[changed.Count + plan.Checked.Count];
            var i = 0;
            foreach (var column in changed)
            {
                values[i++] = column.Read(entry.Entity);
            }

            foreach (var column in plan.Checked)
            {
                values[i++] = column.Convert(entry.Property(column.Property).OriginalValue);
            }

            sql ??= db.GetService<ISqlGenerationHelper>();
            updates.Add(new Update(entry, plan, changed, plan.Sql(changed, sql), values));
        }

        return updates;
    }

    /// <summary>Runs prepared UPDATEs in <paramref name="transaction"/> (else the unit of work's current one); returns the rows written.</summary>
    public static async Task<int> UpdateAsync(DbContext db, List<Update> updates, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return 0;
        }

        var target = KeptCommands.TransactionFor(db, transaction);
        foreach (var (entry, plan, changed, text, values) in updates)
        {
            int rows;
            try
            {
                rows = await KeptCommands.RunAsync(target, text, c => Create(c, text, plan, changed, db.GetService<ISqlGenerationHelper>()), values,
                    command => command.ExecuteNonQueryAsync(cancellationToken)).ConfigureAwait(false);
            }
            catch (DbException ex)
            {
                throw new DbUpdateException($"Updating {entry.Metadata.ClrType.Name} failed: {ex.Message}", ex, new[] { entry });
            }

            if (rows != 1)
            {
                throw new DbUpdateConcurrencyException(
                    $"The {entry.Metadata.ClrType.Name} row was changed or deleted since it was read (expected 1 row, {rows} matched).", UpdateEntries(entry));
            }
        }

        return updates.Count;
    }

    /// <summary>One row to update: its entry, its table's plan, the columns changed, the statement, and the values to bind (the changed columns', then the checked ones' originals).</summary>
    internal sealed record Update(EntityEntry Entry, TablePlan Plan, List<InsertColumn> Changed, string Text, object?[] Values);

    // The exceptions name their entries as EF's own save does (EF's entry behind the public one).
#pragma warning disable EF1001 // InternalEntityEntry is EF's IUpdateEntry: the only kind the concurrency exception takes.
    private static IReadOnlyList<Microsoft.EntityFrameworkCore.Update.IUpdateEntry> UpdateEntries(EntityEntry entry) => [entry.GetInfrastructure()];
#pragma warning restore EF1001

    private static TablePlan? PlanFor(DbContext db, IEntityType entityType) =>
        Tables.GetOrAdd((db.Model, entityType.ClrType), static (key, model) => TablePlan.Create(model.FindEntityType(key.Type)!), db.Model);

    private static DbCommand Create(DbConnection connection, string text, TablePlan plan, List<InsertColumn> changed, ISqlGenerationHelper sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        var i = 0;
        foreach (var column in changed.Concat(plan.Checked))
        {
            command.Parameters.Add(column.Mapping.CreateParameter(command, sql.GenerateParameterName($"u{i++}"), null, column.Property.IsNullable));
        }

        return command;
    }

    /// <summary>How to update one entity type's rows, or null when it is not a plain table this path can write.</summary>
    internal sealed class TablePlan(string table, string? schema, IReadOnlyList<InsertColumn> settable, IReadOnlyList<InsertColumn> @checked)
    {
        private readonly ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);

        /// <summary>Columns an update may set: every mapped property but the key.</summary>
        public IReadOnlyList<InsertColumn> Settable { get; } = settable;

        /// <summary>Columns the WHERE clause checks against their original values: the key, then the concurrency tokens.</summary>
        public IReadOnlyList<InsertColumn> Checked { get; } = @checked;

        public static TablePlan? Create(IEntityType entityType)
        {
            if (entityType.GetComplexProperties().Any() ||
                entityType.GetNavigations().Any(n => n.TargetEntityType.IsOwned()) ||
                entityType.IsOwned() ||
                entityType.BaseType is not null ||
                entityType.GetDirectlyDerivedTypes().Any() ||
                entityType.GetProperties().Any(p => p.IsShadowProperty() || (p.ValueGenerated & ValueGenerated.OnUpdate) != 0 || p.GetComputedColumnSql() is not null) ||
                entityType.GetTableName() is not { } tableName ||
                entityType.FindPrimaryKey() is not { } key)
            {
                return null;
            }

            var table = StoreObjectIdentifier.Table(tableName, entityType.GetSchema());
            if (entityType.GetProperties().Any(p => p.GetColumnName(table) is null))
            {
                return null;
            }

            var settable = entityType.GetProperties().Where(p => !p.IsPrimaryKey()).Select(p => InsertColumn.For(p, p.GetColumnName(table)!, "")).ToList();
            var @checked = key.Properties.Concat(entityType.GetProperties().Where(p => p.IsConcurrencyToken && !p.IsPrimaryKey()))
                .Select(p => InsertColumn.For(p, p.GetColumnName(table)!, "")).ToList();
            return new TablePlan(tableName, entityType.GetSchema(), settable, @checked);
        }

        /// <summary>The UPDATE for this set of changed columns (made once per set).</summary>
        public string Sql(List<InsertColumn> changed, ISqlGenerationHelper sql)
        {
            var key = string.Join(',', changed.Select(c => c.Name));
            return _texts.GetOrAdd(key, _ =>
            {
                var i = 0;
                var text = new StringBuilder("UPDATE ").Append(sql.DelimitIdentifier(table, schema)).Append(" SET ");
                text.AppendJoin(", ", changed.Select(c => $"{sql.DelimitIdentifier(c.Name)} = {sql.GenerateParameterNamePlaceholder($"u{i++}")}"));
                text.Append(" WHERE ");
                text.AppendJoin(" AND ", Checked.Select(c => $"{sql.DelimitIdentifier(c.Name)} = {sql.GenerateParameterNamePlaceholder($"u{i++}")}"));
                return text.ToString();
            });
        }
    }
}
