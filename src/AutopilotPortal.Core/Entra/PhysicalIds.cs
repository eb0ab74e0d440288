namespace AutopilotPortal.Core.Entra;

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

    /// <summary>The value of the first <c>[OrderId]</c> entry (the group tag), or null when there is none.</summary>
    public static string? OrderIdOf(IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            if (id.StartsWith(OrderIdPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return id[OrderIdPrefix.Length..];
            }
        }

        return null;
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
    public static List<string> WithGroupTag(IEnumerable<string> existing, string? groupTag) => With(existing, OrderIdPrefix, groupTag);

    /// <summary>Sets or removes the <c>[PurchaseOrderId]</c> entry.</summary>
    public static List<string> WithPurchaseOrder(IEnumerable<string> existing, string? purchaseOrder) => With(existing, PurchaseOrderPrefix, purchaseOrder);

    /// <summary>Removes the <c>[ZTDID]</c> entry (Autopilot's stamp).</summary>
    public static List<string> WithoutZtdid(IEnumerable<string> existing) => With(existing, ZtdidPrefix, null);

    /// <summary>Replaces the entries that start with <paramref name="prefix"/> by <paramref name="prefix"/><paramref name="value"/>, or removes them when the value is empty.</summary>
    private static List<string> With(IEnumerable<string> existing, string prefix, string? value)
    {
        var result = existing.Where(id => !id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
        if (!string.IsNullOrEmpty(value))
        {
            result.Add(prefix + value);
        }

        return result;
    }

    private static bool SameKind(string a, string b)
    {
        var end = a.IndexOf(']', StringComparison.Ordinal);
        return end > 0 && b.Length > end && string.Compare(a, 0, b, 0, end + 1, StringComparison.OrdinalIgnoreCase) == 0;
    }
}
