using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CollectionsBot.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DeskApprovals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing creditors get the agent defaults of NegotiationPolicy.AgentDefaults (the host widens them to the
            // bot's own limits wherever those are more generous: Creditor.AgentAuthority).
            migrationBuilder.AddColumn<int>(
                name: "AgentPolicy_AllowedFrequencies",
                table: "Creditors",
                type: "integer",
                nullable: false,
                defaultValue: 7);

            migrationBuilder.AddColumn<int>(
                name: "AgentPolicy_ConcessionSteps",
                table: "Creditors",
                type: "integer",
                nullable: false,
                defaultValue: 3);

            migrationBuilder.AddColumn<int>(
                name: "AgentPolicy_MaxInstallments",
                table: "Creditors",
                type: "integer",
                nullable: false,
                defaultValue: 12);

            migrationBuilder.AddColumn<int>(
                name: "AgentPolicy_MaxPlanLengthDays",
                table: "Creditors",
                type: "integer",
                nullable: false,
                defaultValue: 365);

            migrationBuilder.AddColumn<int>(
                name: "AgentPolicy_MaxPromiseDays",
                table: "Creditors",
                type: "integer",
                nullable: false,
                defaultValue: 30);

            migrationBuilder.AddColumn<decimal>(
                name: "AgentPolicy_MaxSettlementDiscountPercent",
                table: "Creditors",
                type: "numeric(22,4)",
                precision: 22,
                scale: 4,
                nullable: false,
                defaultValue: 25m);

            migrationBuilder.AddColumn<decimal>(
                name: "AgentPolicy_MinDownPaymentPercent",
                table: "Creditors",
                type: "numeric(22,4)",
                precision: 22,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "AgentPolicy_MinInstallmentAmount",
                table: "Creditors",
                type: "numeric(22,4)",
                precision: 22,
                scale: 4,
                nullable: false,
                defaultValue: 50m);

            migrationBuilder.CreateTable(
                name: "Approvals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ConversationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreditorId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Terms = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Summary = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Breaches = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    RequestedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DecidedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    DecidedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecisionNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Approvals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Approvals_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Approvals_Conversations_ConversationId",
                        column: x => x.ConversationId,
                        principalTable: "Conversations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Approvals_Creditors_CreditorId",
                        column: x => x.CreditorId,
                        principalTable: "Creditors",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Approvals_CaseId",
                table: "Approvals",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_Approvals_ConversationId",
                table: "Approvals",
                column: "ConversationId");

            migrationBuilder.CreateIndex(
                name: "IX_Approvals_CreditorId",
                table: "Approvals",
                column: "CreditorId");

            migrationBuilder.CreateIndex(
                name: "IX_Approvals_Status_RequestedAt",
                table: "Approvals",
                columns: new[] { "Status", "RequestedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Approvals");

            migrationBuilder.DropColumn(
                name: "AgentPolicy_AllowedFrequencies",
                table: "Creditors");

            migrationBuilder.DropColumn(
                name: "AgentPolicy_ConcessionSteps",
                table: "Creditors");

            migrationBuilder.DropColumn(
                name: "AgentPolicy_MaxInstallments",
                table: "Creditors");

            migrationBuilder.DropColumn(
                name: "AgentPolicy_MaxPlanLengthDays",
                table: "Creditors");

            migrationBuilder.DropColumn(
                name: "AgentPolicy_MaxPromiseDays",
                table: "Creditors");

            migrationBuilder.DropColumn(
                name: "AgentPolicy_MaxSettlementDiscountPercent",
                table: "Creditors");

            migrationBuilder.DropColumn(
                name: "AgentPolicy_MinDownPaymentPercent",
                table: "Creditors");

            migrationBuilder.DropColumn(
                name: "AgentPolicy_MinInstallmentAmount",
                table: "Creditors");
        }
    }
}
