namespace CollectionsBot.Bot.Channels.DirectLine;

/// <summary>Direct Line's error shape: <c>{"error": {"code": "...", "message": "..."}}</c> with a matching status.</summary>
internal static class DirectLineErrors
{
    public static IResult BadArgument(string message) => Error(StatusCodes.Status400BadRequest, "BadArgument", message);

    public static IResult BadSyntax(string message) => Error(StatusCodes.Status400BadRequest, "BadSyntax", message);

    public static IResult MissingToken() => Error(StatusCodes.Status401Unauthorized, "Unauthorized", "Send 'Authorization: Bearer <token or secret>'.");

    public static IResult Forbidden(string message) => Error(StatusCodes.Status403Forbidden, "Forbidden", message);

    public static IResult TokenInvalid() => Error(StatusCodes.Status403Forbidden, "TokenExpired", "The token is not valid or has expired: get a new one.");

    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, "NotFound", message);

    public static IResult TooBig(int limit) => Error(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", $"The activity is larger than {limit} bytes.");

    public static IResult Error(int status, string code, string message) =>
        TypedResults.Json(new ErrorBody(new ErrorDetail(code, message)), statusCode: status);

    internal sealed record ErrorBody(ErrorDetail Error);

    internal sealed record ErrorDetail(string Code, string Message);
}
