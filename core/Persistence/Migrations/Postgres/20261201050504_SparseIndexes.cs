using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CollectionsBot.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SparseIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Messages_Channel_Direction_ExternalId",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_CaseId_Id",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_CreditorId_Id",
                table: "AuditEvents");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Channel_Direction_ExternalId",
                table: "Messages",
                columns: new[] { "Channel", "Direction", "ExternalId" },
                unique: true,
                filter: "\"ExternalId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_CaseId_Id",
                table: "AuditEvents",
                columns: new[] { "CaseId", "Id" },
                filter: "\"CaseId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_CreditorId_Id",
                table: "AuditEvents",
                columns: new[] { "CreditorId", "Id" },
                filter: "\"CreditorId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Messages_Channel_Direction_ExternalId",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_CaseId_Id",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_CreditorId_Id",
                table: "AuditEvents");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Channel_Direction_ExternalId",
                table: "Messages",
                columns: new[] { "Channel", "Direction", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_CaseId_Id",
                table: "AuditEvents",
                columns: new[] { "CaseId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_CreditorId_Id",
                table: "AuditEvents",
                columns: new[] { "CreditorId", "Id" });
        }
    }
}
