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
                name: "IX_Messages_InReplyToId",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_Status_NotBefore",
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
                name: "IX_Messages_InReplyToId",
                table: "Messages",
                column: "InReplyToId",
                filter: "\"InReplyToId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Queued",
                table: "Messages",
                columns: new[] { "NotBefore", "CreatedAt" },
                filter: "\"Status\" = 'Queued'");

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
                name: "IX_Messages_Channel_Direction_ExternalId",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_InReplyToId",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_Queued",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_CaseId_Id",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_CreditorId_Id",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_DeskNotes",
                table: "AuditEvents");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Channel_Direction_ExternalId",
                table: "Messages",
                columns: new[] { "Channel", "Direction", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Messages_InReplyToId",
                table: "Messages",
                column: "InReplyToId");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Status_NotBefore",
                table: "Messages",
                columns: new[] { "Status", "NotBefore" });

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
