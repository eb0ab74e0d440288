namespace AutopilotPortal.Web.Graph;

/// <summary>A request the Graph-shaped API refuses: answered with <see cref="Status"/> and a Graph error body.</summary>
/// <param name="status">The HTTP status.</param>
/// <param name="code">Graph's error code (<c>BadRequest</c>, <c>ResourceNotFound</c>…).</param>
/// <param name="message">What is wrong and where, for the caller.</param>
internal sealed class GraphRequestException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;
}
