using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CollectionsBot.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DeskNotesIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_DeskNotes",
                table: "AuditEvents",
                columns: new[] { "EntityId", "Id" },
                filter: "\"Action\" = 'desk.note'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_DeskNotes",
                table: "AuditEvents");
        }
    }
}
