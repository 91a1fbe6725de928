using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CollectionsBot.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ConversationEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "InReplyToId",
                table: "Messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NotBefore",
                table: "Messages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Purpose",
                table: "Messages",
                type: "TEXT",
                maxLength: 30,
                nullable: false,
                defaultValue: "Inbound");

            migrationBuilder.AddColumn<string>(
                name: "TemplateKey",
                table: "Messages",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Compliance_VerifyWith",
                table: "Creditors",
                type: "TEXT",
                maxLength: 30,
                nullable: false,
                defaultValue: "ReferenceOrPostalCode");

            migrationBuilder.AddColumn<string>(
                name: "ToneProfile",
                table: "Creditors",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "standard");

            migrationBuilder.AddColumn<string>(
                name: "Address",
                table: "Conversations",
                type: "TEXT",
                maxLength: 254,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "DialogState",
                table: "Conversations",
                type: "TEXT",
                maxLength: 20000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "DialogVersion",
                table: "Conversations",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            // Existing rows: outbound messages were service messages; a conversation's address is its thread key.
            migrationBuilder.Sql("UPDATE \"Messages\" SET \"Purpose\" = 'Service' WHERE \"Direction\" = 'Outbound';");
            migrationBuilder.Sql("UPDATE \"Conversations\" SET \"Address\" = \"ChannelConversationId\";");

            migrationBuilder.CreateTable(
                name: "FollowUps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ConversationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Details = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FollowUps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FollowUps_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FollowUps_Conversations_ConversationId",
                        column: x => x.ConversationId,
                        principalTable: "Conversations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_InReplyToId",
                table: "Messages",
                column: "InReplyToId");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Status_NotBefore",
                table: "Messages",
                columns: new[] { "Status", "NotBefore" });

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_Channel_Address",
                table: "Conversations",
                columns: new[] { "Channel", "Address" });

            migrationBuilder.CreateIndex(
                name: "IX_FollowUps_CaseId",
                table: "FollowUps",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_FollowUps_ConversationId",
                table: "FollowUps",
                column: "ConversationId");

            migrationBuilder.CreateIndex(
                name: "IX_FollowUps_Status_DueAt",
                table: "FollowUps",
                columns: new[] { "Status", "DueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FollowUps");

            migrationBuilder.DropIndex(
                name: "IX_Messages_InReplyToId",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_Status_NotBefore",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Conversations_Channel_Address",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "InReplyToId",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "NotBefore",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "Purpose",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "TemplateKey",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "Compliance_VerifyWith",
                table: "Creditors");

            migrationBuilder.DropColumn(
                name: "ToneProfile",
                table: "Creditors");

            migrationBuilder.DropColumn(
                name: "Address",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "DialogState",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "DialogVersion",
                table: "Conversations");
        }
    }
}
