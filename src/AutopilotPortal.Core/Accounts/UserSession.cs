namespace AutopilotPortal.Core.Accounts;

/// <summary>
/// One sign-in of a local user: its id travels in the sign-in cookie, and every request and
/// every open circuit checks that it has not ended. Signing out ends it on the server, so a
/// copied cookie stops working at once.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; set; }

    public required string UserId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When the cookie was last issued or renewed; a session not renewed for a cookie lifetime has expired with its cookie.</summary>
    public DateTime RenewedAt { get; set; }

    /// <summary>When it was ended (sign-out, sign out everywhere); null while it is open.</summary>
    public DateTime? EndedAt { get; set; }

    /// <summary>The client's IP address at sign-in, when known.</summary>
    public string? RemoteAddress { get; set; }
}
