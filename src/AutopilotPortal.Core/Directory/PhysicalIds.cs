namespace AutopilotPortal.Core.Directory;

/// <summary>Builds and edits an Entra device object's <c>physicalIds</c>.</summary>
public static class PhysicalIds
{
    public const string ZtdidPrefix = "[ZTDID]:";
    public const string HwidPrefix = "[HWID]:h:";
    public const string OrderIdPrefix = "[OrderId]:";
    public const string PurchaseOrderPrefix = "[PurchaseOrderId]:";

    /// <summary>The ids Autopilot stamps on a registered device's object.</summary>
    public static List<string> For(Guid ztdid, string hardwareKey, string? groupTag, string? purchaseOrder)
    {
        var ids = new List<string>(4) { ZtdidPrefix + ztdid.ToString("D"), HwidPrefix + hardwareKey };
        if (!string.IsNullOrEmpty(groupTag))
        {
            ids.Add(OrderIdPrefix + groupTag);
        }

        if (!string.IsNullOrEmpty(purchaseOrder))
        {
            ids.Add(PurchaseOrderPrefix + purchaseOrder);
        }

        return ids;
    }

    /// <summary>Adds <paramref name="stamp"/> to <paramref name="existing"/>, replacing ids of the same kind.</summary>
    public static List<string> Merge(IEnumerable<string> existing, IEnumerable<string> stamp)
    {
        var result = new List<string>();
        var stampList = stamp.ToList();
        foreach (var id in existing)
        {
            if (!stampList.Any(s => SameKind(s, id)))
            {
                result.Add(id);
            }
        }

        result.AddRange(stampList);
        return result;
    }

    /// <summary>Sets or removes the <c>[OrderId]</c> entry (the group tag).</summary>
    public static List<string> WithGroupTag(IEnumerable<string> existing, string? groupTag)
    {
        var result = existing.Where(id => !id.StartsWith(OrderIdPrefix, StringComparison.OrdinalIgnoreCase)).ToList();
        if (!string.IsNullOrEmpty(groupTag))
        {
            result.Add(OrderIdPrefix + groupTag);
        }

        return result;
    }

    private static bool SameKind(string a, string b)
    {
        var end = a.IndexOf(']', StringComparison.Ordinal);
        return end > 0 && b.Length > end && string.Compare(a, 0, b, 0, end + 1, StringComparison.OrdinalIgnoreCase) == 0;
    }
}
