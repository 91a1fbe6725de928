using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CollectionsBot.Core.Persistence.Migrations.Postgres
{
    /// <summary>Invoices remember the creditor's last imported balance and carry a version; allocations know whether the creditor has posted them.</summary>
    public partial class CreditorLedgerReconciliation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PaymentAllocation_InvoiceId",
                table: "PaymentAllocation");

            migrationBuilder.AddColumn<bool>(
                name: "PostedByCreditor",
                table: "PaymentAllocation",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<decimal>(
                name: "ImportedBalance",
                table: "Invoices",
                type: "numeric(22,4)",
                precision: 22,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            // Until now the stored balance was the creditor's: it is the starting point for reconciliation.
            migrationBuilder.Sql("""UPDATE "Invoices" SET "ImportedBalance" = "Balance";""");

            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "Invoices",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "IX_PaymentAllocation_InvoiceId_PostedByCreditor",
                table: "PaymentAllocation",
                columns: new[] { "InvoiceId", "PostedByCreditor" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PaymentAllocation_InvoiceId_PostedByCreditor",
                table: "PaymentAllocation");

            migrationBuilder.DropColumn(
                name: "PostedByCreditor",
                table: "PaymentAllocation");

            migrationBuilder.DropColumn(
                name: "ImportedBalance",
                table: "Invoices");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Invoices");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentAllocation_InvoiceId",
                table: "PaymentAllocation",
                column: "InvoiceId");
        }
    }
}
