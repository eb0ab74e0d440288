using System.Globalization;
using System.Text.RegularExpressions;

namespace AutopilotPortal.Core.Registration;

/// <summary>
/// The rules for every value a person or a file gives a device: serial number, product key, group tag,
/// assigned user, purchase order, manufacturer and model, device name. One set of limits and sentences for
/// every way a value enters (CSV import, partner CSV, registration, edit and bulk edit), so that nothing is
/// stored that an edit would refuse.
/// </summary>
public static partial class DeviceValues
{
    /// <summary>The longest group tag, as Intune's edit allows.</summary>
    public const int MaxGroupTagLength = 128;

    /// <summary>The longest serial number.</summary>
    public const int MaxSerialNumberLength = 128;

    /// <summary>The longest Windows product ID or product key ID.</summary>
    public const int MaxProductKeyLength = 64;

    /// <summary>The longest user principal name, as Entra ID allows (64 characters before the @, 48 after).</summary>
    public const int MaxUserPrincipalNameLength = 113;

    /// <summary>The longest purchase order identifier.</summary>
    public const int MaxPurchaseOrderLength = 128;

    /// <summary>The longest manufacturer or model name.</summary>
    public const int MaxManufacturerOrModelLength = 256;

    /// <summary>The longest device name Windows takes.</summary>
    public const int MaxDeviceNameLength = 15;

    /// <summary>The longest addressable user name (the friendly name Windows greets the user with during setup).</summary>
    public const int MaxAddressableUserNameLength = 256;

    /// <summary>What is wrong with an addressable user name, or <see langword="null"/> when it may be stored (empty clears it).</summary>
    public static string? AddressableUserNameError(string? value) => TextError("addressable user name", value, MaxAddressableUserNameLength);

    /// <summary>What is wrong with a group tag, or <see langword="null"/> when it may be stored (empty clears it).</summary>
    public static string? GroupTagError(string? value) => TextError("group tag", value, MaxGroupTagLength);

    /// <summary>What is wrong with a serial number given beside the hash, or <see langword="null"/>.</summary>
    public static string? SerialNumberError(string? value) => TextError("serial number", value, MaxSerialNumberLength);

    /// <summary>What is wrong with a Windows product ID (letters, digits and hyphens), or <see langword="null"/>.</summary>
    public static string? ProductKeyError(string? value)
    {
        if (TextError("Windows product ID", value, MaxProductKeyLength) is { } error)
        {
            return error;
        }

        var key = Normalize(value);
        return key is null || ProductKeyPattern().IsMatch(key)
            ? null
            : $"The Windows product ID '{key}' may contain only letters, digits and hyphens.";
    }

    /// <summary>What is wrong with an assigned user (a UPN such as adele@contoso.com), or <see langword="null"/>.</summary>
    public static string? AssignedUserError(string? value)
    {
        var upn = Normalize(value);
        if (upn is null)
        {
            return null;
        }

        if (HasControl(upn))
        {
            return "The assigned user contains a control character (a tab or line break, say); remove it.";
        }

        if (upn.Length > MaxUserPrincipalNameLength)
        {
            return $"The assigned user has {Count(upn.Length)} characters; a user principal name has at most {MaxUserPrincipalNameLength}.";
        }

        return UpnPattern().IsMatch(upn)
            ? null
            : $"'{upn}' is not a user principal name: expected the form name@domain, for example adele@contoso.com.";
    }

    /// <summary>What is wrong with a purchase order identifier, or <see langword="null"/>.</summary>
    public static string? PurchaseOrderError(string? value) => TextError("purchase order", value, MaxPurchaseOrderLength);

    /// <summary>What is wrong with a manufacturer name, or <see langword="null"/>.</summary>
    public static string? ManufacturerError(string? value) => TextError("manufacturer", value, MaxManufacturerOrModelLength);

    /// <summary>What is wrong with a model name, or <see langword="null"/>.</summary>
    public static string? ModelError(string? value) => TextError("model", value, MaxManufacturerOrModelLength);

    /// <summary>What is wrong with a device name (15 characters, letters, digits and hyphens, not only digits), or <see langword="null"/>.</summary>
    public static string? DeviceNameError(string? value)
    {
        var name = Normalize(value);
        if (name is null)
        {
            return null;
        }

        if (name.Length > MaxDeviceNameLength)
        {
            return $"The device name '{Shorten(name)}' has {Count(name.Length)} characters; Windows allows at most {MaxDeviceNameLength}.";
        }

        if (!DeviceNamePattern().IsMatch(name))
        {
            return $"The device name '{name}' may contain only letters, digits and hyphens.";
        }

        return name.All(char.IsAsciiDigit) ? $"The device name '{name}' cannot be only digits." : null;
    }

    /// <summary>
    /// The first problem of a registration request's values, in the order of a CSV's columns, or
    /// <see langword="null"/> when all of them may be stored.
    /// </summary>
    public static string? FirstError(RegistrationRequest request) =>
        SerialNumberError(request.SerialNumber)
        ?? ProductKeyError(request.ProductKey)
        ?? GroupTagError(request.GroupTag)
        ?? AssignedUserError(request.AssignedUser)
        ?? PurchaseOrderError(request.PurchaseOrderId)
        ?? ManufacturerError(request.Manufacturer)
        ?? ModelError(request.Model);

    /// <summary>
    /// What is wrong with a string a hardware hash carries (its serial, manufacturer or model), or
    /// <see langword="null"/>. Firmware strings are 8-bit and read as Latin-1, so a maker's UTF-8 or GBK text
    /// holds characters U+0080–U+009F; only their length and the C0 control characters (a NUL, a line break)
    /// are held against them, since collecting the hash again would give the same bytes.
    /// </summary>
    public static string? HashStringError(string name, string? value, int maxLength) =>
        TextError(name, value, maxLength, text => text.AsSpan().ContainsAnyInRange('\0', '\u001F') || text.Contains('\u007F'));

    /// <summary>The value trimmed, or <see langword="null"/> when it is empty or only whitespace.</summary>
    public static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? TextError(string name, string? value, int maxLength, Func<string, bool>? hasControl = null)
    {
        var text = Normalize(value);
        if (text is null)
        {
            return null;
        }

        if (text.Length > maxLength)
        {
            return $"The {name} has {Count(text.Length)} characters; at most {maxLength} are allowed.";
        }

        return (hasControl ?? HasControl)(text) ? $"The {name} contains a control character (a tab or line break, say); remove it." : null;
    }

    private static bool HasControl(string text) => text.AsSpan().ContainsAnyInRange('\0', '\u001F') || text.Any(char.IsControl);

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex UpnPattern();

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex DeviceNamePattern();

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex ProductKeyPattern();
}
