namespace AutopilotPortal.Core.Import.Csv;

/// <summary>The layout of a device CSV, known from its header.</summary>
public enum DeviceCsvFormat
{
    /// <summary>
    /// The Intune admin CSV: <c>Device Serial Number,Windows Product ID,Hardware Hash</c>,
    /// optionally followed by <c>Group Tag</c> and then <c>Assigned User</c>.
    /// </summary>
    Intune,

    /// <summary>
    /// The partner (OEM, reseller) CSV:
    /// <c>Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name,Device model</c>.
    /// </summary>
    Partner,
}
