using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CollectionsBot.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class QueuedMessagesIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Messages_InReplyToId",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_Status_NotBefore",
                table: "Messages");

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Messages_InReplyToId",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_Queued",
                table: "Messages");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_InReplyToId",
                table: "Messages",
                column: "InReplyToId");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Status_NotBefore",
                table: "Messages",
                columns: new[] { "Status", "NotBefore" });
        }
    }
}
