namespace AutopilotPortal.Tests.Shared;

/// <summary>
/// The tenant every test and benchmark acts for. It is appsettings.json's, so that a host started with the shipped
/// configuration acts for it as well.
/// </summary>
internal static class TestTenant
{
    public static readonly Guid Id = new("6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
}
