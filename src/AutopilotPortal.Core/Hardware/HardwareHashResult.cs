namespace AutopilotPortal.Core.Hardware;

/// <summary>The outcome of <see cref="HardwareHash.Decode(string?)"/>.</summary>
/// <param name="Info">The decoded fields; null when <paramref name="Error"/> is not <see cref="HardwareHashError.None"/>.</param>
/// <param name="Error">What was wrong with the hash, or <see cref="HardwareHashError.None"/>.</param>
/// <param name="Message">A sentence an administrator can act on; null when the hash is valid.</param>
public sealed record HardwareHashResult(HardwareHashInfo? Info, HardwareHashError Error, string? Message)
{
    /// <summary>True when the hash decoded with a manufacturer and a serial number.</summary>
    public bool IsValid => Error == HardwareHashError.None;
}
