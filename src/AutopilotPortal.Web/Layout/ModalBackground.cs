namespace AutopilotPortal.Web.Layout;

/// <summary>
/// Lets a page's modal pane make the layout around it (app bar, navigation) inert: while it is open,
/// neither the keyboard nor assistive technology reaches what lies behind it.
/// </summary>
public sealed class ModalBackground(Action changed)
{
    public bool IsInert { get; private set; }

    public void Set(bool inert)
    {
        if (IsInert != inert)
        {
            IsInert = inert;
            changed();
        }
    }
}
