using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CollectionsBot.Core.Persistence;

/// <summary>
/// Inserts many new rows of one entity type far faster than the change tracker, for imports of a hundred thousand
/// invoices. Columns, value converters and parameter types come from the EF model and its type mappings, so rows
/// are stored exactly as EF would store them, on SQLite and PostgreSQL alike. Runs in the context's current
/// transaction. The entities are not tracked afterwards.
/// </summary>
public static class BulkInsert
{
    private const int MaxParametersPerCommand = 30_000;
    private const int MaxRowsPerCommand = 500;

    /// <summary>Inserts <paramref name="entities"/>; they must be new and have their keys set.</summary>
    public static async Task InsertAsync<T>(this CollectionsDbContext db, IReadOnlyList<T> entities, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entities);
        if (entities.Count == 0)
        {
            return;
        }

        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var tableName = entityType.GetTableName() ?? throw new InvalidOperationException($"{typeof(T).Name} has no table.");
        var table = StoreObjectIdentifier.Table(tableName, entityType.GetSchema());
        if (entityType.GetComplexProperties().Any())
        {
            throw new NotSupportedException($"{typeof(T).Name} has complex properties; insert it through the context.");
        }

        var columns = entityType.GetProperties()
            .Where(p => p.GetColumnName(table) is not null)
            .Where(p => !InsertColumn.IsStoreIdentity(p))
            .Select(p => p.IsShadowProperty() ? throw new NotSupportedException($"{typeof(T).Name}.{p.Name} is a shadow property.") : InsertColumn.For(p, p.GetColumnName(table)!, ""))
            .ToList();

        var sql = db.GetService<ISqlGenerationHelper>();
        // PostgreSQL: many rows per statement saves round trips. SQLite runs in-process, and binds parameters by
        // name with a linear search, so a one-row prepared statement re-executed is fastest there.
        var rowsPerCommand = db.Database.IsSqlite() ? 1 : Math.Min(MaxRowsPerCommand, MaxParametersPerCommand / columns.Count);
        // Half a batch must never stay written: the caller's transaction decides.
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk inserts run inside a transaction: call Database.BeginTransactionAsync first.");
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            DbCommand? full = null;
            try
            {
                for (var start = 0; start < entities.Count; start += rowsPerCommand)
                {
                    var count = Math.Min(rowsPerCommand, entities.Count - start);
                    DbCommand command;
                    if (count == rowsPerCommand)
                    {
                        // Full batches reuse one prepared statement.
                        full ??= await CreateAsync(connection, transaction, sql, tableName, entityType.GetSchema(), columns, count, cancellationToken);
                        command = full;
                    }
                    else
                    {
                        command = await CreateAsync(connection, transaction, sql, tableName, entityType.GetSchema(), columns, count, cancellationToken);
                    }

                    try
                    {
                        Bind(command, columns, entities, start, count);
                        await command.ExecuteNonQueryAsync(cancellationToken);
                    }
                    finally
                    {
                        if (command != full)
                        {
                            await command.DisposeAsync();
                        }
                    }
                }
            }
            finally
            {
                if (full is not null)
                {
                    await full.DisposeAsync();
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<DbCommand> CreateAsync(
        DbConnection connection,
        DbTransaction? transaction,
        ISqlGenerationHelper sql,
        string table,
        string? schema,
        List<InsertColumn> columns,
        int rows,
        CancellationToken cancellationToken)
    {
        var text = new StringBuilder("INSERT INTO ")
            .Append(sql.DelimitIdentifier(table, schema))
            .Append(" (")
            .AppendJoin(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))
            .Append(") VALUES ");
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        for (var row = 0; row < rows; row++)
        {
            text.Append(row == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Count; c++)
            {
                var name = $"p{row}_{c}";
                text.Append(c == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(name));

                // The type mapping configures the parameter as EF would (SQLite stores GUIDs as text, for one).
                command.Parameters.Add(columns[c].Mapping.CreateParameter(command, sql.GenerateParameterName(name), null, columns[c].Property.IsNullable));
            }

            text.Append(')');
        }

        command.CommandText = text.ToString();
        await command.PrepareAsync(cancellationToken);
        return command;
    }

    private static void Bind<T>(DbCommand command, List<InsertColumn> columns, IReadOnlyList<T> entities, int start, int count)
        where T : class
    {
        var index = 0;
        for (var row = 0; row < count; row++)
        {
            var entity = entities[start + row];
            foreach (var column in columns)
            {
                command.Parameters[index++].Value = column.Read(entity);
            }
        }
    }
}

/// <summary>One column of a hand-written insert, stored exactly as EF would store it.</summary>
/// <param name="Property">The property.</param>
/// <param name="Name">The column.</param>
/// <param name="Mapping">Its type mapping (parameter type, value converter).</param>
/// <param name="Getter">Reads the value from an entity.</param>
/// <param name="Parameter">The parameter name, when the insert has one per column.</param>
internal sealed record InsertColumn(IProperty Property, string Name, RelationalTypeMapping Mapping, IClrPropertyGetter Getter, string Parameter)
{
    /// <summary>The column of a mapped property.</summary>
    public static InsertColumn For(IProperty property, string name, string parameter) =>
        new(property, name, (RelationalTypeMapping)property.GetRelationalTypeMapping(), property.GetGetter(), parameter);

    /// <summary>An integer key the database numbers itself (identity, autoincrement); Guid keys are made by the client.</summary>
    public static bool IsStoreIdentity(IProperty property) =>
        property.IsPrimaryKey() &&
        property.ValueGenerated == ValueGenerated.OnAdd &&
        (Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType) is var type &&
        (type == typeof(long) || type == typeof(int) || type == typeof(short));

    /// <summary>The provider value of this column for an entity (converted as the model says; null as DBNull).</summary>
    public object Read(object entity) => Convert(Getter.GetClrValueUsingContainingEntity(entity));

    /// <summary>A model value of this column as the database stores it (converted as the model says; null as DBNull).</summary>
    public object Convert(object? value)
    {
        if (value is not null && Mapping.Converter is { } converter)
        {
            value = converter.ConvertToProvider(value);
        }

        return value ?? DBNull.Value;
    }
}
