using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CollectionsBot.Core.Persistence.Migrations.Sqlite
{
    /// <summary>
    /// The audit trail without AUTOINCREMENT: its ids stay the table's rowid, one more than the largest, which is what
    /// AUTOINCREMENT promised already since rows are never deleted (the triggers refuse it); without it, an insert no
    /// longer reads and rewrites the table's row in sqlite_sequence, nor a commit writes that page. SQLite cannot change
    /// a column in place, so the table is rebuilt by hand, every row and id kept, its indexes and append-only triggers
    /// made again. The model is unchanged: EF's snapshot cannot say "no AUTOINCREMENT" (it takes the convention back),
    /// so a later rebuild of this table by EF would bring it back: <c>SqliteSchemaTests</c> fails then.
    /// </summary>
    public partial class AuditTrailWithoutSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => Rebuild(migrationBuilder, autoincrement: false);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => Rebuild(migrationBuilder, autoincrement: true);

        private static void Rebuild(MigrationBuilder migrationBuilder, bool autoincrement)
        {
            migrationBuilder.Sql($"""
                CREATE TABLE "ef_temp_AuditEvents" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditEvents" PRIMARY KEY{(autoincrement ? " AUTOINCREMENT" : "")},
                    "OccurredAt" INTEGER NOT NULL,
                    "Actor" TEXT NOT NULL,
                    "Action" TEXT NOT NULL,
                    "EntityType" TEXT NOT NULL,
                    "EntityId" TEXT NOT NULL,
                    "CreditorId" TEXT NULL,
                    "CaseId" TEXT NULL,
                    "Rule" TEXT NULL,
                    "Data" TEXT NOT NULL
                );
                """);
            migrationBuilder.Sql("""
                INSERT INTO "ef_temp_AuditEvents" ("Id", "OccurredAt", "Actor", "Action", "EntityType", "EntityId", "CreditorId", "CaseId", "Rule", "Data")
                SELECT "Id", "OccurredAt", "Actor", "Action", "EntityType", "EntityId", "CreditorId", "CaseId", "Rule", "Data"
                FROM "AuditEvents";
                """);

            // Dropping the table drops its indexes and triggers with it (and fires no trigger).
            migrationBuilder.Sql("""DROP TABLE "AuditEvents";""");
            migrationBuilder.Sql("""ALTER TABLE "ef_temp_AuditEvents" RENAME TO "AuditEvents";""");
            migrationBuilder.Sql("""CREATE INDEX "IX_AuditEvents_CaseId_Id" ON "AuditEvents" ("CaseId", "Id") WHERE "CaseId" IS NOT NULL;""");
            migrationBuilder.Sql("""CREATE INDEX "IX_AuditEvents_CreditorId_Id" ON "AuditEvents" ("CreditorId", "Id") WHERE "CreditorId" IS NOT NULL;""");
            migrationBuilder.Sql("""CREATE INDEX "IX_AuditEvents_DeskNotes" ON "AuditEvents" ("EntityId", "Id") WHERE "Action" = 'desk.note';""");
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEvents_NoUpdate" BEFORE UPDATE ON "AuditEvents"
                BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEvents_NoDelete" BEFORE DELETE ON "AuditEvents"
                BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                """);
        }
    }
}
