namespace AutopilotPortal.Web.Shared;

/// <summary>One step of a breadcrumb trail: what a person reads, and where it leads (none for the page itself).</summary>
public sealed record Crumb(string Text, string? Href = null);
