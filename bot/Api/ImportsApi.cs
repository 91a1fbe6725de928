using CollectionsBot.Core.Persistence;
using CollectionsBot.Core.Receivables;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace CollectionsBot.Bot.Api;

/// <summary><c>POST /api/imports/receivables</c>: creditors' systems load AR-aging files.</summary>
public static class ImportsApi
{
    /// <summary>Largest file accepted: about 700,000 invoice rows.</summary>
    public const long MaxFileBytes = 100L * 1024 * 1024;

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/imports").WithTags("Imports").RequireAuthorization(ApiKeyAuthentication.Policy);
        group.MapPost("/receivables", ImportReceivablesAsync)
            .WithName("ImportReceivables")
            .WithSummary("Import an AR-aging CSV (all or nothing)")
            .WithDescription($"Body: text/csv with the header {ReceivablesCsv.Header}. Re-importing updates invoices by (creditor, invoice number). A file with any bad row is refused whole: 400 with errors [{{line, column, message}}].")
            .Accepts<string>("text/csv", "application/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType) // routing refuses other media types
            .WithMetadata(new RequestSizeLimitAttribute(MaxFileBytes));
        return app;
    }

    private static async Task<Results<Ok<ImportSummary>, ProblemHttpResult>> ImportReceivablesAsync(
        HttpRequest request,
        ReceivablesImporter importer,
        CancellationToken cancellationToken)
    {
        // The parser reads synchronously; buffer the body first (to disk beyond 1 MB) so Kestrel is read async.
        await using var body = new FileBufferingReadStream(request.Body, memoryThreshold: 1024 * 1024, bufferLimit: MaxFileBytes, tempFileDirectoryAccessor: Path.GetTempPath);
        await body.DrainAsync(cancellationToken);
        body.Position = 0;

        var actor = $"api:{request.HttpContext.User.Identity?.Name ?? "unknown"}";
        ImportOutcome outcome;
        try
        {
            outcome = await importer.ImportAsync(body, new ImportRequest(actor), cancellationToken);
        }
        catch (Exception ex) when (DatabaseErrors.IsConflict(ex))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Import conflicted with another change",
                detail: "Another import or edit changed the same invoices at the same time. Nothing was written; send the file again.");
        }

        if (outcome.Summary is { } summary)
        {
            return TypedResults.Ok(summary);
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "The file was not imported",
            detail: $"{outcome.ErrorCount} problem(s) found; nothing was written. Fix them and send the whole file again.",
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = outcome.Errors,
                ["errorCount"] = outcome.ErrorCount,
            });
    }
}
