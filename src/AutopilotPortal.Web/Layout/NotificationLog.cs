using MudBlazor;

namespace AutopilotPortal.Web.Layout;

/// <summary>One toast as the notification area keeps it.</summary>
public sealed record Notification(string Text, Severity Severity, DateTime ShownAt);

/// <summary>
/// Keeps the circuit's last toasts (imports finished, syncs, refusals) after they fade, for the app
/// bar's notification area: every toast shown is added once, newest first, up to <see cref="Kept"/>.
/// The notification area saves them in the browser tab (<see cref="Save"/>) and gives them back to the
/// next circuit after a reload (<see cref="Restore"/>).
/// </summary>
public sealed class NotificationLog : IDisposable
{
    public const int Kept = 20;

    private readonly ISnackbar _snackbar;
    private readonly TimeProvider _time;
    private readonly HashSet<Snackbar> _seen = new(ReferenceEqualityComparer.Instance);
    private readonly List<Notification> _entries = [];
    private readonly Lock _lock = new();

    public NotificationLog(ISnackbar snackbar, TimeProvider time)
    {
        _snackbar = snackbar;
        _time = time;
        _snackbar.OnSnackbarsUpdated += OnSnackbarsUpdated;
    }

    /// <summary>Raised after a toast was added or the unread count changed.</summary>
    public event Action? Changed;

    /// <summary>Newest first.</summary>
    public IReadOnlyList<Notification> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>Toasts shown since the area was last opened.</summary>
    public int Unread { get; private set; }

    public void MarkRead()
    {
        if (Unread != 0)
        {
            Unread = 0;
            Changed?.Invoke();
        }
    }

    /// <summary>What the tab keeps across a reload: the entries and the unread count.</summary>
    public string Save()
    {
        lock (_lock)
        {
            return System.Text.Json.JsonSerializer.Serialize(new Saved([.. _entries], Unread));
        }
    }

    /// <summary>
    /// Puts back what <see cref="Save"/> kept before a reload, behind anything shown since, still at most
    /// <see cref="Kept"/>; text that is not what <see cref="Save"/> writes is ignored.
    /// </summary>
    public void Restore(string? saved)
    {
        if (string.IsNullOrEmpty(saved))
        {
            return;
        }

        Saved? restored;
        try
        {
            restored = System.Text.Json.JsonSerializer.Deserialize<Saved>(saved);
        }
        catch (System.Text.Json.JsonException)
        {
            return;
        }

        if (restored?.Entries is not { Count: > 0 } entries)
        {
            return;
        }

        lock (_lock)
        {
            _entries.AddRange(entries.Where(e => e.Text is not null).Take(Kept));
            if (_entries.Count > Kept)
            {
                _entries.RemoveRange(Kept, _entries.Count - Kept);
            }

            Unread = Math.Min(_entries.Count, Unread + Math.Max(0, restored.Unread));
        }

        Changed?.Invoke();
    }

    private sealed record Saved(List<Notification> Entries, int Unread);

    private void OnSnackbarsUpdated()
    {
        var added = false;
        lock (_lock)
        {
            var shown = _snackbar.ShownSnackbars.ToList();
            foreach (var toast in shown)
            {
                if (_seen.Add(toast))
                {
                    _entries.Insert(0, new Notification(toast.Message ?? string.Empty, toast.Severity, _time.GetUtcNow().UtcDateTime));
                    added = true;
                    Unread++;
                }
            }

            // Only toasts still on screen can come round again; the rest need not be remembered.
            _seen.IntersectWith(shown);
            if (_entries.Count > Kept)
            {
                _entries.RemoveRange(Kept, _entries.Count - Kept);
            }
        }

        if (added)
        {
            Changed?.Invoke();
        }
    }

    public void Dispose() => _snackbar.OnSnackbarsUpdated -= OnSnackbarsUpdated;
}
