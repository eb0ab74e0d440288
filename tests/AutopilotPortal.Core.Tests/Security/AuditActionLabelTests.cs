using AutopilotPortal.Core.Audit;

namespace AutopilotPortal.Core.Tests.Security;

/// <summary>The audit log shows each action as words a person reads, not as its stored code.</summary>
public sealed class AuditActionLabelTests
{
    [Theory]
    [InlineData(AuditActions.DecommissionStepCompleted, "Decommission step completed")]
    [InlineData(AuditActions.ApiClientSecretRotated, "API client secret rotated")]
    [InlineData(AuditActions.EntraObjectDeleted, "Entra object deleted")]
    [InlineData(AuditActions.SignIn, "Sign in")]
    [InlineData(AuditActions.SignedOutEverywhere, "Signed out everywhere")]
    [InlineData("SomethingFromAnOlderBuild", "Something from an older build")]
    [InlineData("", "")]
    public void AnActionReadsAsItsWords(string action, string label) => Assert.Equal(label, AuditActions.Label(action));

    [Fact]
    public void EveryActionHasALabelOfItsOwn()
    {
        var labels = AuditActions.All.Select(AuditActions.Label).ToList();
        Assert.Equal(labels.Count, labels.Distinct(StringComparer.Ordinal).Count());
        Assert.All(labels, label => Assert.DoesNotMatch("[a-z][A-Z]", label));
    }
}
